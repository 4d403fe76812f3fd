// expect: yes -- both overflow on INT_MIN, agree elsewhere
int g(int x) {
    if (x < 0)
        x = -x;
    return x;
}
