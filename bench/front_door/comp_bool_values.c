// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_bool_values.c", 3, "reach_error"); }
extern _Bool __VERIFIER_nondet_bool(void);
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* converting to _Bool gives 0 or 1, whatever the value */
int main() {
  _Bool b = __VERIFIER_nondet_bool();
  int x = __VERIFIER_nondet_int();
  _Bool c = x;
  int twice = b + b;
  __VERIFIER_assert(twice == 0 || twice == 2);
  __VERIFIER_assert(c == (x != 0));
  return 0;
}
