// expect: yes -- options: --int-semantics wrap -- branch-free abs; both give INT_MIN for INT_MIN under -fwrapv
int g(int x) {
    int m = x >> 31;
    return (x ^ m) - m;
}
