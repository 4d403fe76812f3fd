// expect: no
// The seed article's g2: without the guard, x = 0, y = INT_MIN makes x - y overflow.
int g2(int x, int y) {
    while (x > y) {
        x = x - y;
    }
    return x;
}
