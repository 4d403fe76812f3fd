// expect: no
int f(int n) {
    int i = 0;
    while (i < n) {
        if (i > 5) {
            i = 0;
        }
        i++;
    }
    return i;
}
