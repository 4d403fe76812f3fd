// expect: yes
int f(int x) {
    int y;
    while (x > 0) {
        y = x;
        while (y > 0) {
            y--;
        }
        x--;
    }
    return 0;
}
