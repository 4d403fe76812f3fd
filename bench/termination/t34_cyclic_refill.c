// expect: no
int f(int x) {
    while (x > 0) {
        x = x - 1;
        if (x == 0) {
            x = 10;
        }
    }
    return x;
}
