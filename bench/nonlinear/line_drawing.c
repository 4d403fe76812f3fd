// expect: yes
// int-semantics: math
// Bresenham's line (in the style of bresenham): 2*Y*x - 2*X*y - X + 2*Y == v throughout.
int main(void) {
    int X = __VERIFIER_nondet_int();
    int Y = __VERIFIER_nondet_int();
    __VERIFIER_assume(X >= 1 && Y >= 0 && Y <= X);
    int v = 2 * Y - X, x = 0, y = 0;
    while (x <= X) {
        if (v < 0) {
            v = v + 2 * Y;
        } else {
            v = v + 2 * (Y - X);
            y = y + 1;
        }
        x = x + 1;
    }
    __VERIFIER_assert(2 * Y * x - 2 * X * y - X + 2 * Y == v);
    return 0;
}
