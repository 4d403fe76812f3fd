// expect: yes
// int-semantics: math
// x starts at -50 and climbs by y, which increments: when x stops being negative, y is positive.
int main() {
    int x = -50;
    int y;
    while (x < 0) {
        x = x + y;
        y = y + 1;
    }
    assert(y > 0);
}
