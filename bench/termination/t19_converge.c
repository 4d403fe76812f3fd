// expect: yes
int f(int x, int y) {
    while (x < y) {
        x = x + 1;
        y = y - 1;
    }
    return x;
}
