// expect: yes -- strength reduction; both overflow first at the same addition into s
int g(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++) {
        s += t;
        if (i + 1 < n)
            t += 4;
    }
    return s;
}
