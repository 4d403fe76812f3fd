// expect: no
// int-semantics: math
// The second branch breaks the ratio.
int main() {
    int x = 0;
    int y = 0;
    while (unknown()) {
        if (unknown()) {
            x = x + 1;
            y = y + 2;
        } else {
            x = x + 2;
            y = y + 3;
        }
    }
    assert(y == 2 * x);
}
