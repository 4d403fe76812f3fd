int down(int n) {
    if (n == 0) return 0;
    return 1 + down(n - 1);
}
int f(int n) { return down(n); }
