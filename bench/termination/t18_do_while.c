// expect: yes
int f(int x) {
    do {
        x = x - 3;
    } while (x > 0);
    return x;
}
