// expect: yes
int f(unsigned n) {
    unsigned i = n;
    while (i != 0) {
        i = i - 1;
    }
    return 0;
}
