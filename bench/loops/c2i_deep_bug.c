// expect: no
// int-semantics: math
// The assertion fails only after 60 iterations.
int main() {
    int x = 0;
    int y = 0;
    while (x < 100) {
        x = x + 1;
        y = y + 2;
        assert(y != 120);
    }
}
