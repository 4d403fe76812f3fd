/* A loop that never ends with unbounded integers: from x = 1, y = 0 the
 * values grow like the Fibonacci numbers (geometrically), so x stays positive.
 *   verify terminates examples/geometric.c --int-semantics math   -> no
 * The input is replayed for real: 128-bit integers overflow within a
 * microsecond, so the program is rebuilt with GMP integers and must still
 * be running after the time limit.
 */
int grow(int x, int y) {
    int t;
    while (x > 0) {
        t = x + y;
        y = x;
        x = t;
    }
    return x;
}
