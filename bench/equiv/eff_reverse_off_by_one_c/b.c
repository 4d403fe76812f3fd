// expect: no -- stops one exchange early: [1, 2, 3, 4] becomes [4, 2, 3, 1]
void g(int *a, int n) {
    for (int k = 0; k + 1 < n / 2; k++) {
        int t = a[k];
        a[k] = a[n - 1 - k];
        a[n - 1 - k] = t;
    }
}
