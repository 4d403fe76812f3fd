// expect: no
// semantics: math
// ping and pong call each other; the pair of calls lowers n by 4, so from n = 2 it skips 0 forever
int ping(int n);
int pong(int n) { if (n == 0) return 0; return ping(n - 1); }
int ping(int n) { if (n == 0) return 1; return pong(n - 3); }
int main(void) {
    return ping(__VERIFIER_nondet_int());
}
