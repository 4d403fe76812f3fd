unsigned f(unsigned a, unsigned b) {
    return a;
}
