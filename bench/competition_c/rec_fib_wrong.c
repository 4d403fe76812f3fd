// category: ReachSafety-Recursive
// expect: prove=no
// why: fib(10) = 55
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "rec_fib_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int fib(int n) {
  if (n < 1) {
    return 0;
  } else if (n == 1) {
    return 1;
  } else {
    return fib(n - 1) + fib(n - 2);
  }
}
int main(void) {
  int x = __VERIFIER_nondet_int();
  if (x > 10 || x < 0) {
    return 0;
  }
  int result = fib(x);
  if (result >= 50) {
    ERROR: {reach_error();abort();}
  }
  return 0;
}
