// expect: no
int f(int x) {
    while (x > -5 && x < 5) {
        x = -x;
    }
    return x;
}
