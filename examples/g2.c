// The seed article's g2: g without the guard on y.
// expect: no for overflow: x = 0, y = INT_MIN makes x - y overflow.
// expect (verify terminates): no, g2(5, 0) runs forever (x stays 5).
int g2(int x, int y) {
    while (x > y) {
        x = x - y;
    }
    return x;
}
