// expect: prove=yes terminates=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "cil_count.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main(void) {
  int i;
  int n;
  i = 0;
  n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 100);
  {
  while (1) {
    while_continue: ;
    if (! (i < n)) {
      goto while_break;
    }
    i ++;
  }
  while_break: ;
  }
  __VERIFIER_assert(i == n);
  return (0);
}
