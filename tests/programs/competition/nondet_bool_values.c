// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "nondet_bool_values.c", 3, "reach_error"); }
extern _Bool __VERIFIER_nondet_bool(void);
extern _Bool __VERIFIER_nondet__Bool(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  _Bool a = __VERIFIER_nondet_bool();
  _Bool b = __VERIFIER_nondet__Bool();
  int n = a + b;
  __VERIFIER_assert(n >= 0 && n <= 2);
  return 0;
}
