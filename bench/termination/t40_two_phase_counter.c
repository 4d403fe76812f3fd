// expect: yes
// semantics: math
int f(int x, int y) {
    while (x > 0) {
        if (y > 0) {
            y = y - 1;
        } else {
            x = x - 1;
            y = x;
        }
    }
    return 0;
}
