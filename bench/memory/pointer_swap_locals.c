// expect: assert=yes overflow=yes bounds=yes null=yes
// why: swap gets the addresses of two locals, never null; swapping twice restores them
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_swap_locals.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
void swap(int *x, int *y) {
  int t = *x;
  *x = *y;
  *y = t;
}
int main(void) {
  int a = __VERIFIER_nondet_int();
  int b = __VERIFIER_nondet_int();
  int a0 = a;
  int b0 = b;
  swap(&a, &b);
  __VERIFIER_assert(a == b0 && b == a0);
  swap(&a, &b);
  __VERIFIER_assert(a == a0 && b == b0);
  return 0;
}
