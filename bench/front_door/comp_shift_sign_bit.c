// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_shift_sign_bit.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
/* 1 << 31 does not fit in int: undefined in C99 and later */
int main() {
  int k = __VERIFIER_nondet_int();
  __VERIFIER_assume(k >= 0 && k < 32);
  int bit = 1 << k;
  return bit;
}
