int total = 5;
int f(int x) {
    if (x < 0 || x > 1000)
        return 0;
    total = total + x;
    return total;
}
