// expect: assert=no
// witness: -5 -3 -4 -9
// fails: assert at line 33
// why: max starts at 0, so when every element is negative max is not an element
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_max_zero_start.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[4];
  int i;
  for (i = 0; i < 4; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int max = 0;
  for (i = 0; i < 4; i++) {
    if (a[i] > max) {
      max = a[i];
    }
  }
  int seen = 0;
  for (i = 0; i < 4; i++) {
    if (a[i] == max) {
      seen = 1;
    }
  }
  __VERIFIER_assert(seen); // <- fails
  return 0;
}
