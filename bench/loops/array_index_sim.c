// expect: yes
// An index walks a 100-slot window from both ends; they meet in the middle.
int main(void) {
    int lo = 0, hi = 99;
    while (lo < hi) {
        lo++;
        hi--;
    }
    __VERIFIER_assert(lo + hi == 99);
    __VERIFIER_assert(lo >= 0 && hi <= 99);
    return 0;
}
