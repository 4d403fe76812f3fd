// expect: no -- overflow regression in reverse: lo + hi overflows where lo + (hi - lo) / 2 does not
int g(int lo, int hi) {
    return lo + (hi - lo) / 2;
}
