/* A loop that ends in three phases: z falls, then y, then x.
 * No linear or lexicographic ranking function exists; the multiphase one
 * (z + 1, y + 1, x) does:
 *   verify terminates examples/three_phase.c --int-semantics math   -> yes
 */
int three_phase(int x, int y, int z) {
    while (x > 0) {
        x = x + y;
        y = y + z;
        z = z - 1;
    }
    return x;
}
