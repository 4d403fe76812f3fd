// expect: overflow=no
// witness: 2147483647 2147483647 0 0
// fails: overflow at line 23
// why: the elements are unconstrained: two elements of 2^31-1 overflow the int sum
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_sum_overflow.c", 3, "reach_error"); }
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
  int sum = 0;
  for (i = 0; i < 4; i++) {
    sum = sum + a[i]; // <- fails
  }
  return sum;
}
