// expect: no -- the iterative Fibonacci runs one step too many (fib(n + 1))
int g(int n) {
    if (n < 0 || n > 30) return 0;
    int a = 0, b = 1;
    for (int i = 0; i <= n; i++) {
        int t = a + b;
        a = b;
        b = t;
    }
    return a;
}
