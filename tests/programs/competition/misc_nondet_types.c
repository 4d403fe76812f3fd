// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "misc_nondet_types.c", 3, "reach_error"); }
extern unsigned __VERIFIER_nondet_unsigned(void);
extern unsigned long __VERIFIER_nondet_size_t(void);
extern long long __VERIFIER_nondet_longlong(void);
extern unsigned long long __VERIFIER_nondet_ulonglong(void);
extern long __VERIFIER_nondet_long(void);
extern void exit(int);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned u = __VERIFIER_nondet_unsigned();
  unsigned long sz = __VERIFIER_nondet_size_t();
  long long ll = __VERIFIER_nondet_longlong();
  unsigned long long ull = __VERIFIER_nondet_ulonglong();
  long l = __VERIFIER_nondet_long();
  if (ll < 0 || l < 0) exit(0);
  __VERIFIER_assert(u <= 4294967295U);
  __VERIFIER_assert(sz / 2 < sz || sz < 2);
  __VERIFIER_assert(ull >= 0ULL);
  __VERIFIER_assert(ll >= 0 && l >= 0);
  return 0;
}
