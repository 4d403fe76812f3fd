// expect: no -- options: --int-semantics wrap -- a + b wraps for large a, b; a + (b - a) / 2 differs there (and rounds differently)
int g(int a, int b) {
    return a + (b - a) / 2;
}
