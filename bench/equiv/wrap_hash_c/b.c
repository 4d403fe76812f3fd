// expect: yes -- options: --int-semantics wrap -- Java's string hash step, 31*h as (h << 5) - h, modulo 2^32
int g(int n, int x) {
    int h = 7;
    for (int i = 0; i < n; i++)
        h = (h << 5) - h + x;
    return h;
}
