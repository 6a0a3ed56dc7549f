"""stratified_split - your solution (Python).

Check it with: mllab practice check stratified_split --lang python
rng.below(m) gives a uniform integer in [0, m).
"""


def stratified_split(y, test_num, test_den, rng):
    # TODO: per class, round(n_c * test_num / test_den) random members go to test
    return list(range(len(y))), []
