// expect: no -- x >> 1 rounds down, x / 2 toward zero: they differ for negative odd x
int g(int x) {
    return x >> 1;
}
