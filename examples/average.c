// A real bug: the classic averaging overflow (it broke binary searches for years).
// expect: no for overflow in average (a + b overflows when both are large);
//         yes for average_wide, which adds in 64 bits, where the sum always fits.
int average(int a, int b) {
    return (a + b) / 2;
}

int average_wide(int a, int b) {
    return (int)(((long)a + (long)b) / 2);
}
