// category: ReachSafety-Loops
// expect: prove=yes
// why: the test reads i before the increment: the body runs n times and i ends at n + 1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_post_increment_cond.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 100)
    return 0;
  int i = 0, c = 0;
  while (i++ < n)
    c++;
  __VERIFIER_assert(c == n);
  __VERIFIER_assert(i == n + 1);
  return 0;
}
