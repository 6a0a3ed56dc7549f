"""rand10_from_rand7 - reference solution (Python): rejection sampling on
7*(a-1)+b in 1..49, keeping 1..40."""


def rand10(rand7):
    while True:
        idx = 7 * (rand7() - 1) + rand7()  # uniform in 1..49
        if idx <= 40:
            return 1 + (idx - 1) % 10
