// expect: no -- the closed form's threshold is one too low (n = 100: 91 against 90)
int g(int n) {
    if (n > 99) return n - 10;
    return 91;
}
