// expect: yes
int f(int n) {
    int i = 0;
    while (i < n) {
        i = i + 2;
    }
    return i;
}
