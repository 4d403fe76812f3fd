// category: ReachSafety-Loops
// expect: prove=yes
// why: i goes up by 2 from 0: it stays even; s is 3*i
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_step_parity.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int i = 0;
  int s = 0;
  while (i < 1000) {
    s += 6;
    i += 2;
  }
  __VERIFIER_assert(i % 2 == 0);
  __VERIFIER_assert(s % 3 == 0);
  return 0;
}
