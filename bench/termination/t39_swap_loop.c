// expect: no
int f(int x, int y) {
    while (x > 0 && y > 0) {
        int t = x;
        x = y;
        y = t;
    }
    return x;
}
