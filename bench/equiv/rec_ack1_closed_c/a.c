int ack(int m, int n) {
    if (m <= 0) return n + 1;
    if (n <= 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
int f(int n) {
    if (n < 0 || n > 1000) return 0;
    return ack(1, n);
}
