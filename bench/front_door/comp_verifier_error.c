// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_verifier_error.c", 3, "reach_error"); }
extern void __VERIFIER_error(void);
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
/* the old convention: reaching __VERIFIER_error() is the failure */
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x <= 20 && y >= 0 && y <= 20);
  if (x + 2 * y == 42 && x > y) {
    ERROR: __VERIFIER_error();
  }
  return 0;
}
