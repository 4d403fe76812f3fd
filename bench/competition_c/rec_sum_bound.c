// category: ReachSafety-Recursive
// expect: prove=yes
// why: sum(n) = n(n+1)/2 >= n for n >= 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "rec_sum_bound.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int sum(int n) {
  if (n <= 0) {
    return 0;
  }
  return n + sum(n - 1);
}
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 20) {
    return 0;
  }
  int r = sum(n);
  __VERIFIER_assert(r >= n);
  return 0;
}
