void f(int *a, int n, int i, int j) {
    if (i < 0 || j < 0 || i >= n || j >= n)
        return;
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
}
