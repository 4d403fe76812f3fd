// expect: yes
int f(int x) {
    int steps = 0;
    while (x > 1) {
        x = x / 2;
        steps++;
    }
    return steps;
}
