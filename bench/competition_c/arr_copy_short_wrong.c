// category: ReachSafety-Arrays
// expect: prove=no
// why: the copy stops one cell short; b's last cell stays 0 while a's is any value
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_copy_short_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define N 10
int a[N];
int b[N];
int main() {
  int i;
  for (i = 0; i < N; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  for (i = 0; i < N - 1; i++) {
    b[i] = a[i];
  }
  for (i = 0; i < N; i++) {
    __VERIFIER_assert(b[i] == a[i]);
  }
  return 0;
}
