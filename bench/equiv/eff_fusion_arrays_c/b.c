// expect: yes -- the two loops fused (the arrays are distinct objects)
void g(int *a, int *b, int n) {
    for (int i = 0; i < n; i++) {
        a[i] = 0;
        b[i] = 1;
    }
}
