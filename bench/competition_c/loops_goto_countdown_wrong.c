// category: ReachSafety-ControlFlow (cil)
// expect: prove=no
// why: counting down by 3 from n = 1 stops at -2, not 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_goto_countdown_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 30)
    return 0;
  int x = n;
loop:
  if (x <= 0)
    goto done;
  x -= 3;
  goto loop;
done:
  __VERIFIER_assert(x == 0);
  return 0;
}
