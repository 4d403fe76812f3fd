// expect: no -- x << 3 is undefined for negative x, where x * 8 is fine
int g(int x) {
    return x << 3;
}
