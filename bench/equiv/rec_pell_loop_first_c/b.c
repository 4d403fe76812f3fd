// expect: yes -- Pell numbers: the loop on side A, the recursion on side B
int pell(int n) {
    if (n == 0) return 0;
    if (n == 1) return 1;
    return 2 * pell(n - 1) + pell(n - 2);
}
int g(int n) {
    if (n < 0 || n > 20) return 0;
    return pell(n);
}
