// expect: yes -- the same new total, returned and left in the global
int total = 5;
int g(int x) {
    if (x >= 0 && x <= 1000)
        total += x;
    else
        return 0;
    return total;
}
