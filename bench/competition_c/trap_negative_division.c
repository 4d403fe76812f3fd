// category: ReachSafety-Loops
// expect: prove=yes
// why: C division truncates towards zero, so (x / 4) * 4 + x % 4 == x and |x % 4| < 4 with the sign of x
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_negative_division.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  if (x < -1000 || x > 1000)
    return 0;
  int q = x / 4;
  int r = x % 4;
  __VERIFIER_assert(q * 4 + r == x);
  __VERIFIER_assert(x >= 0 || r <= 0);
  __VERIFIER_assert(x < 0 || q * 4 <= x);
  __VERIFIER_assert(x >= 0 || q * 4 >= x);
  return 0;
}
