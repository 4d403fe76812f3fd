// category: ReachSafety-Loops
// expect: prove=yes
// why: i goes up by 2 from 0 and n is even, so the loop breaks exactly at n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_while_true_break.c", 3, "reach_error"); }
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
  __VERIFIER_assume(n >= 0 && n <= 1000);
  __VERIFIER_assume(n % 2 == 0);
  int i = 0;
  while (1) {
    if (i >= n)
      break;
    i += 2;
  }
  __VERIFIER_assert(i == n);
  return 0;
}
