// expect: yes -- Ackermann's function at m = 1 against n + 2 (summaries of the nested recursion)
int g(int n) {
    if (n < 0 || n > 1000) return 0;
    return n + 2;
}
