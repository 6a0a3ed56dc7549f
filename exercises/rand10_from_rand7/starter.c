/* rand10_from_rand7 - your solution (C).
 * Check it with: mllab practice check rand10_from_rand7
 * rand7() (declared for you) returns a uniform integer in 1..7. */

int rand10(void)
{
    /* TODO: two calls give 1..49; keep 1..40, reject the rest */
    return rand7();
}
