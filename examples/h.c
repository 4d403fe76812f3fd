// The seed article's self-referential h: it asks an oracle, defined nowhere,
// whether h itself halts, and does the opposite.
// expect: unknown, naming the call to the undefined function halts
extern int halts(int x);

int h(int x) {
    while (halts(x)) {
        x = x + 1;
    }
    return x;
}
