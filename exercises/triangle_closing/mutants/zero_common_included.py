"""mutant: every non-friend is a candidate, also with 0 common friends."""


def recommend_friends(n, edges, u, k):
    friends = [set() for _ in range(n)]
    for a, b in edges:
        friends[int(a)].add(int(b))
        friends[int(b)].add(int(a))
    ranked = []
    for v in range(n):
        if v != u and v not in friends[u]:
            ranked.append((v, len(friends[u] & friends[v])))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:k]
