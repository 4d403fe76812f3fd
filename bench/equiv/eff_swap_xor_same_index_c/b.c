// expect: no -- the xor exchange zeroes a[i] when i == j
void g(int *a, int n, int i, int j) {
    if (i < 0 || j < 0 || i >= n || j >= n)
        return;
    a[i] ^= a[j];
    a[j] ^= a[i];
    a[i] ^= a[j];
}
