// category: ReachSafety-Loops (cil)
// expect: prove=yes
// why: the inner goto loop leaves with j == m, the outer with i == n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_goto_nested.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main(void) {
  int i, j, n, m;
  n = __VERIFIER_nondet_int();
  m = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 50);
  __VERIFIER_assume(m >= 0 && m <= 50);
  i = 0;
  outer_continue: ;
  if (! (i < n)) {
    goto outer_break;
  }
  j = 0;
  inner_continue: ;
  if (! (j < m)) {
    goto inner_break;
  }
  j ++;
  goto inner_continue;
  inner_break: ;
  __VERIFIER_assert(j == m);
  i ++;
  goto outer_continue;
  outer_break: ;
  __VERIFIER_assert(i == n);
  return (0);
}
