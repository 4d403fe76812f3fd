// expect: assert=yes overflow=yes bounds=yes
// why: max starts at a[0] and only grows to elements, so it is >= every element; indices 0..5
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_max_ge_all.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define SIZE 6
int main(void) {
  int a[SIZE];
  int i;
  for (i = 0; i < SIZE; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int max = a[0];
  for (i = 1; i < SIZE; i++) {
    if (a[i] > max) {
      max = a[i];
    }
  }
  for (i = 0; i < SIZE; i++) {
    __VERIFIER_assert(max >= a[i]);
  }
  return 0;
}
