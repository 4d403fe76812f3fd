// expect: yes
// int-semantics: math
// code2inv style: x accumulates y, which keeps growing; x never falls behind y.
int main() {
    int x = 1;
    int y = 0;
    while (y < 100000) {
        x = x + y;
        y = y + 1;
    }
    assert(x >= y);
}
