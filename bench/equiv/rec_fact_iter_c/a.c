int fact(int n) {
    if (n <= 1) return 1;
    return n * fact(n - 1);
}
int f(int n) {
    if (n < 0 || n > 12) return 0;
    return fact(n);
}
