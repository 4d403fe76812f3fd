void f(int *a, int *b, int n) {
    for (int i = 0; i < n; i++)
        a[i] = 0;
    for (int i = 0; i < n; i++)
        b[i] = 1;
}
