// expect: yes
int f(int x) {
    while (1) {
        if (x <= 0) break;
        x--;
    }
    return x;
}
