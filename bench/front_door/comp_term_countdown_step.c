// expect: terminates=no/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_term_countdown_step.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
/* a step of 0 or less never brings x down */
int main() {
  int x = __VERIFIER_nondet_int();
  int step = __VERIFIER_nondet_int();
  while (x > 0) {
    x = x - step;
  }
  return 0;
}
