// expect: no
int g2(int x, int y) {
    while (x > 0) {
        x = x - y;
    }
    return x;
}
