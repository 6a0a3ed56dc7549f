"""mutant: sorts by (common, node) descending, so ties go to the LARGER id."""


def recommend_friends(n, edges, u, k):
    friends = [set() for _ in range(n)]
    for a, b in edges:
        friends[int(a)].add(int(b))
        friends[int(b)].add(int(a))
    common = {}
    for w in friends[u]:
        for v in friends[w]:
            if v != u and v not in friends[u]:
                common[v] = common.get(v, 0) + 1
    ranked = sorted(common.items(), key=lambda item: (item[1], item[0]), reverse=True)
    return ranked[:k]
