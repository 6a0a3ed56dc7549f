/* rand10_from_rand7 - reference solution (C): rejection sampling on
 * 7*(a-1)+b in 1..49, keeping 1..40. */

int rand10(void)
{
    for (;;) {
        int idx = 7 * (rand7() - 1) + rand7(); /* uniform in 1..49 */
        if (idx <= 40)
            return 1 + (idx - 1) % 10;
    }
}
