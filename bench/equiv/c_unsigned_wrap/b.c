// expect: yes -- unsigned arithmetic wraps: (a + b) - b == a always
unsigned g(unsigned a, unsigned b) {
    unsigned c = a + b;
    return c - b;
}
