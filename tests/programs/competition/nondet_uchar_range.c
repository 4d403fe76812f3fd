// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "nondet_uchar_range.c", 3, "reach_error"); }
extern unsigned char __VERIFIER_nondet_uchar(void);
extern signed char __VERIFIER_nondet_schar(void);
extern char __VERIFIER_nondet_char(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned char u = __VERIFIER_nondet_uchar();
  signed char s = __VERIFIER_nondet_schar();
  char c = __VERIFIER_nondet_char();
  int x = u;
  __VERIFIER_assert(x >= 0 && x <= 255);
  __VERIFIER_assert(s >= -128 && s <= 127);
  __VERIFIER_assert(c + 128 >= 0);
  return 0;
}
