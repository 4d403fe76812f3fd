// expect: yes
// semantics: math
int f(int x, int y, int z) {
    if (z <= 0) return 0;
    while (x >= 0) {
        x = x + y;
        y = y - z;
    }
    return x;
}
