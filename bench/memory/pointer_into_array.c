// expect: assert=yes overflow=yes bounds=yes null=yes
// why: p = &a[2] and p[-2..1] stay inside int a[4]; writes through p land in a
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_into_array.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[4] = {0, 0, 0, 0};
  int *p = &a[2];
  int v = __VERIFIER_nondet_int();
  p[1] = v;
  p[-2] = v;
  __VERIFIER_assert(a[3] == v && a[0] == v);
  __VERIFIER_assert(*p == 0);
  return 0;
}
