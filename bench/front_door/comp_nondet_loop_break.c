// expect: prove=yes terminates=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_nondet_loop_break.c", 3, "reach_error"); }
extern _Bool __VERIFIER_nondet_bool(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
int main() {
  int c = 0;
  while (__VERIFIER_nondet_bool()) {
    c++;
    if (c >= 5) break;
  }
  __VERIFIER_assert(c <= 5);
  return 0;
}
