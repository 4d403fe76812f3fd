// expect: yes -- every unsigned char is below 256
int g(unsigned char *s, int n) {
    if (n < 0)
        return 0;
    return n < 64 ? n : 64;
}
