int fib(int n) {
    if (n <= 1) return n;
    return fib(n - 1) + fib(n - 2);
}
int f(int n) {
    if (n < 0 || n > 30) return 0;
    return fib(n);
}
