// category: ReachSafety-Arrays
// expect: prove=no
// why: the initializer leaves cells 3..9 at zero, and the sum is 6, not 60
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_global_init_array_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int t[10] = {1, 2, 3};
int main() {
  int s = 0;
  for (int i = 0; i < 10; i++)
    s += t[i];
  int k = __VERIFIER_nondet_int();
  if (k >= 0 && k < 10)
    __VERIFIER_assert(t[k] != 0 || s == 60);
  return 0;
}
