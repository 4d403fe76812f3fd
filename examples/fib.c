/* Recursive Fibonacci. Inlining follows fib only 6 calls deep; `verify prove
   --int-semantics math examples/fib.c` proves the assertion for every n >= 0
   (yes) with a summary of fib as its certificate, a fact about what every
   call returns, proved by Spacer and re-checked by z3 and cvc5:
       fib(n) returns only when: fib(n) > 0 || n <= fib(n)
   (under the default bit-precise semantics the assertion is still yes, but
   `fib(n - 1) + fib(n - 2)` needs a bound on fib that is not linear: its
   overflow check stays unknown). */
int fib(int n) {
    if (n <= 1)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0)
        return 0;
    int r = fib(n);
    __VERIFIER_assert(r >= 0);
    return 0;
}
