// expect: no -- the same result, but the global last keeps x + 1
int calls;
int last;
int g(int x) {
    calls = calls + 1;
    if (x < 100)
        last = x;
    else
        last = x + 1;
    return x + x;
}
