// expect: yes
int g(int x, int y) {
    if (y > 0) {
        while (x > y) {
            x = x - y;
        }
    }
    return x;
}
