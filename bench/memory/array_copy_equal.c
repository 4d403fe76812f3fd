// expect: assert=yes overflow=yes bounds=yes
// why: i stays in 0..9 in both loops; b[i] is assigned a[i] before it is compared
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_copy_equal.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[10];
  int b[10];
  int i;
  for (i = 0; i < 10; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  for (i = 0; i < 10; i++) {
    b[i] = a[i];
  }
  for (i = 0; i < 10; i++) {
    __VERIFIER_assert(b[i] == a[i]);
  }
  return 0;
}
