// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_abort_as_assume.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* abort() ends the paths it is on: it is no failure, it cuts inputs away like an assumption */
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  if (x < 0 || x > 1000) abort();
  if (y < 0 || y > 1000) abort();
  int z = x + 2 * y;
  __VERIFIER_assert(z >= 0 && z <= 3000);
  return 0;
}
