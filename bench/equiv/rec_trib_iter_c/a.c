int trib(int n) {
    if (n < 2) return 0;
    if (n == 2) return 1;
    return trib(n - 1) + trib(n - 2) + trib(n - 3);
}
int f(int n) {
    if (n < 0 || n > 25) return -1;
    return trib(n);
}
