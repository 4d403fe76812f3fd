// expect: yes
// int-semantics: math
// Either branch keeps y at exactly twice x.
int main() {
    int x = 0;
    int y = 0;
    while (unknown()) {
        if (unknown()) {
            x = x + 1;
            y = y + 2;
        } else {
            x = x + 2;
            y = y + 4;
        }
    }
    assert(y == 2 * x);
}
