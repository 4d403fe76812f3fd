// expect: yes
int f(unsigned x) {
    while (x >= 10) {
        x = x + 7;
    }
    return 0;
}
