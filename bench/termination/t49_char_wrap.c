// expect: yes
int f(char c) {
    while (c != 0) {
        c = c + 1;
    }
    return 0;
}
