"""triangle_closing - your solution (Python).

Check it with: mllab practice check triangle_closing --lang python
"""


def recommend_friends(n, edges, u, k):
    # TODO: count common friends two steps away, drop friends, sort
    return []
