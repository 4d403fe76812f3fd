// category: ReachSafety-Recursive
// expect: prove=yes
// why: the recursion adds n + (n-1) + ... + 1 through the pointer: n(n+1)/2
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "rec_pointer_accumulate.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
void add_down(int n, int *acc) {
  if (n <= 0)
    return;
  *acc += n;
  add_down(n - 1, acc);
}
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 5)
    return 0;
  int acc = 0;
  add_down(n, &acc);
  __VERIFIER_assert(2 * acc == n * (n + 1));
  return 0;
}
