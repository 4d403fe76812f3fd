// The seed article's g: subtract y from x while x is larger.
// expect: yes for overflow: y > 0 and x > y make x - y safe, and the loop
//         never changes y, so y > 0 holds on every iteration.
// expect (verify terminates): yes, ranking function x - y.
int g(int x, int y) {
    if (y > 0) {
        while (x > y) {
            x = x - y;
        }
    }
    return x;
}
