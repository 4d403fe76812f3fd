int f(unsigned char *s, int n) {
    int count = 0;
    for (int i = 0; i < n && i < 64; i++)
        if (s[i] < 256)
            count++;
    return count;
}
