// A real bug: the classic averaging overflow (it broke binary searches for years).
// expect: no for overflow in average (a + b overflows when both are large);
//         yes for average_fixed, which cannot overflow.
int average(int a, int b) {
    return (a + b) / 2;
}

int average_fixed(int a, int b) {
    return a + (b - a) / 2;
}
