void f(long *a, int n) {
    for (int i = 0; i < n && i < 1000; i++)
        a[i] = 3L * i + 1;
}
