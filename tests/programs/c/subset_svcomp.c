// SV-COMP conventions: the file defines reach_error and __VERIFIER_assert itself
// (the tool ignores those definitions), nondet inputs, assume, recursion,
// globals and a #define constant. Expected: the assertion holds.
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *)
    __attribute__((__nothrow__, __leaf__)) __attribute__((__noreturn__));
void reach_error() { __assert_fail("0", "subset_svcomp.c", 6, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
extern _Bool __VERIFIER_nondet_bool(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
  ERROR: {
    reach_error();
    abort();
  }
  }
  return;
}

#define LIMIT 20

const int base = 2;
int calls;

unsigned int fact_mod(unsigned int n) {
  if (n <= 1)
    return 1;
  return n * fact_mod(n - 1) % 1000u;
}

int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  if (n > LIMIT)
    return 0;
  _Bool twice = __VERIFIER_nondet_bool();
  unsigned int r = fact_mod(n) * (twice ? base : 1);
  calls++;
  if (r >= 2000u)
    reach_error();
  __VERIFIER_assert(calls == 1);
  return 0;
}
