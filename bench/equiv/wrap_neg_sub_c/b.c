// expect: yes -- options: --int-semantics wrap -- -(a - b) == b - a modulo 2^64
long g(long a, long b) {
    return b - a;
}
