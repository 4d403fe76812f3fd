// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "ulong_wrap.c", 3, "reach_error"); }
extern unsigned long __VERIFIER_nondet_ulong(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned long x = __VERIFIER_nondet_ulong();
  unsigned long y = x + 1;
  __VERIFIER_assert(y > x);
  return 0;
}
