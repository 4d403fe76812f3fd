// expect: yes -- options: --int-semantics wrap -- x * 8 is x << 3 modulo 2^32, negative x included
int g(int x) {
    return x << 3;
}
