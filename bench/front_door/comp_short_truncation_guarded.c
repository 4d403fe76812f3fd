// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_short_truncation_guarded.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
int main() {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x < 100000);
  short s = (short) x;
  unsigned short u = (unsigned short) x;
  if (x <= 32767) __VERIFIER_assert(s == x);
  __VERIFIER_assert(u == x % 65536);
  return 0;
}
