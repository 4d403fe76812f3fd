// expect: yes
// int-semantics: math
// y sums the values x takes: 2y == x(x+1) (non-linear).
int main() {
    int x = 0;
    int y = 0;
    while (unknown()) {
        x = x + 1;
        y = y + x;
    }
    assert(2 * y == x * x + x);
}
