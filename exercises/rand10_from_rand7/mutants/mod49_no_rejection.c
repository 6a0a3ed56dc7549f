/* mutant: 1..49 reduced modulo 10 without rejection: 1..9 come out 5/49 of
 * the time, 10 only 4/49 (and exactly 2 calls per draw). */

int rand10(void)
{
    int idx = 7 * (rand7() - 1) + rand7();
    return 1 + (idx - 1) % 10;
}
