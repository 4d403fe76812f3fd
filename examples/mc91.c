/* McCarthy's 91 function: for every n <= 100 it returns 91 (and n - 10
   above). Its recursion nests (`mc91(mc91(n + 11))`) as deep as 2 * (101 - n)
   calls, far past what inlining follows; `verify prove examples/mc91.c` proves
   every check of main (yes: the assertion, and no overflow in `n + 11` or
   `n - 10`) with a summary of mc91 as the certificate:
       mc91(n) returns only when: mc91(n) == 91 && n <= 101 || mc91(n) == n - 10 && ...
   (what a call returns *if* it returns: termination is `verify terminates`'s question). */
int mc91(int n) {
    if (n > 100)
        return n - 10;
    return mc91(mc91(n + 11));
}

int main(void) {
    int n = __VERIFIER_nondet_int();
    int r = mc91(n);
    if (n <= 100)
        __VERIFIER_assert(r == 91);
    else
        __VERIFIER_assert(r == n - 10);
    return 0;
}

/* `verify terminates examples/mc91.c:mc91` answers yes: every recursive call
   decreases 100 - n (bounded below where the calls are made, n <= 100), the
   outer call's argument bounded by the summary of the inner one:
       recursive calls of mc91 decrease -n + 100
       using the summaries: mc91(n) returns only when: mc91(n) >= 11 && n <= mc91(n) + 10 */
