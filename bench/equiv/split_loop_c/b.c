// expect: yes -- loop fission: one loop per accumulator
int g(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++)
        s += 2;
    for (int j = 0; j < n; j++)
        t += 3;
    return s - t;
}
