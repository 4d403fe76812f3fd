// expect: assert=no
// witness: 2 1 0
// fails: assert at line 29
// why: one bubble pass puts the maximum last, not the minimum first: 3 1 2 becomes 1 2 3 but 2 1 0 becomes 1 0 2
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_bubble_wrong_claim.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[3];
  int i;
  for (i = 0; i < 3; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int j;
  for (j = 0; j < 2; j++) {
    if (a[j] > a[j + 1]) {
      int t = a[j];
      a[j] = a[j + 1];
      a[j + 1] = t;
    }
  }
  __VERIFIER_assert(a[0] <= a[1]); // <- fails
  return 0;
}
