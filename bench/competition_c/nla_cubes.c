// category: ReachSafety-Loops (nla)
// expect: prove=yes
// why: the classic cube recurrences: z = 6n+6, y = 3n^2+3n+1, x = n^3 (a <= 100, no overflow)
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "nla_cubes.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned short __VERIFIER_nondet_ushort(void);
extern void __VERIFIER_assume(int);
int main() {
  int a, n, x, y, z;
  a = __VERIFIER_nondet_ushort();
  __VERIFIER_assume(a <= 100);
  n = 0;
  x = 0;
  y = 1;
  z = 6;
  while (1) {
    __VERIFIER_assert(z == 6 * n + 6);
    __VERIFIER_assert(y == 3 * n * n + 3 * n + 1);
    __VERIFIER_assert(x == n * n * n);
    if (!(n <= a))
      break;
    n = n + 1;
    x = x + y;
    y = y + z;
    z = z + 6;
  }
  return 0;
}
