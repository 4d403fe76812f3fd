// expect: yes -- mutual recursion against the remainder
int g(int n) {
    if (n < 0) return 0;
    return n % 2 == 0;
}
