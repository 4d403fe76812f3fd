// A real bug: a division by zero hiding behind a condition.
// expect: no for div-by-zero (part > 0 with total == 0);
//         yes for overflow (part is at most 1000000, so part * 100 fits in an int).
int percent(int part, int total) {
    __VERIFIER_assume(part >= 0 && part <= 1000000);
    if (part > 0) {
        return part * 100 / total;
    }
    return 0;
}
