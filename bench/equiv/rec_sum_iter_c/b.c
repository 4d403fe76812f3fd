// expect: yes -- a recursive sum against the counting loop (recurrence: s == sum(i - 1))
int g(int n) {
    if (n > 500) return 0;
    int s = 0;
    int i = 1;
    while (i <= n) {
        s += i;
        i++;
    }
    return s;
}
