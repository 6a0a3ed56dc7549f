"""rand10_from_rand7 - your solution (Python).

Check it with: mllab practice check rand10_from_rand7 --lang python
rand7() returns a uniform integer in 1..7.
"""


def rand10(rand7):
    # TODO: two calls give 1..49; keep 1..40, reject the rest
    return rand7()
