// expect: yes -- the multiplication reduced to an addition per step
void g(long *a, int n) {
    long v = 1;
    for (int i = 0; i < n && i < 1000; i++) {
        a[i] = v;
        v += 3;
    }
}
