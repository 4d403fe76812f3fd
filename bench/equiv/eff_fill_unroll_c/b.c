// expect: yes -- the loop unrolled by two, with the odd element last
void g(int *a, int n) {
    int i = 0;
    while (i + 1 < n) {
        a[i] = 7;
        a[i + 1] = 7;
        i += 2;
    }
    if (i < n)
        a[i] = 7;
}
