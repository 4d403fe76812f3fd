// category: ReachSafety-Loops
// expect: prove=yes
// why: j = 2i is invariant
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_two_rates.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(0 <= n && n <= 1000);
  int i = 0, j = 0;
  while (i < n) {
    i++;
    j += 2;
  }
  __VERIFIER_assert(j == 2 * i);
  __VERIFIER_assert(i == n);
  return 0;
}
