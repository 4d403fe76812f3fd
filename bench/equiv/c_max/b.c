// expect: yes -- branch-free max through comparisons
int g(int a, int b) {
    int m = b;
    if (a >= b)
        m = a;
    return m;
}
