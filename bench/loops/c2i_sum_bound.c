// expect: yes
// int-semantics: math
// y sums the values x takes, so it never falls below x.
int main() {
    int x = 0;
    int y = 0;
    while (unknown()) {
        x = x + 1;
        y = y + x;
    }
    assert(y >= x);
}
