// expect: assert=yes overflow=yes bounds=yes
// why: both loops run i = 0..7 over int a[8]; no nondet: one run is every run
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_init_zero.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main(void) {
  int a[8];
  int i;
  for (i = 0; i < 8; i++) {
    a[i] = 0;
  }
  for (i = 0; i < 8; i++) {
    __VERIFIER_assert(a[i] == 0);
  }
  return 0;
}
