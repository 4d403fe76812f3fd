// expect: yes
int f(int x) {
    while (x > 10) {
        x = x % 10 + x / 10;
    }
    return x;
}
