// expect: yes
// The seed article's g: y > 0 and x > y make x - y safe, and the loop never changes y.
int g(int x, int y) {
    if (y > 0) {
        while (x > y) {
            x = x - y;
        }
    }
    return x;
}
