// category: ReachSafety-Loops
// expect: prove=yes
// why: x and y always move together
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_parallel_increments.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern _Bool __VERIFIER_nondet_bool(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n < 1000);
  int x = 0, y = 0;
  while (__VERIFIER_nondet_bool()) {
    if (x < n) {
      x++;
      y++;
    }
  }
  __VERIFIER_assert(x == y);
  __VERIFIER_assert(x <= n);
  return 0;
}
