int calls;
int last;
int f(int x) {
    calls++;
    last = x;
    return x * 2;
}
