// expect: yes -- tribonacci: the loop keeps trib(i), trib(i+1), trib(i+2) (recurrence, table of the guarded range)
int g(int n) {
    if (n < 0 || n > 25) return -1;
    int x = 0, y = 0, z = 1;
    for (int i = 0; i < n; i++) {
        int t = x + y + z;
        x = y;
        y = z;
        z = t;
    }
    return x;
}
