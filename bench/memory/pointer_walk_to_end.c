// expect: assert=yes overflow=yes bounds=yes null=yes
// why: p walks from a to a + n (n in 0..8) and is dereferenced only while p < a + n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_walk_to_end.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int *p = a;
  int *end = a + n;
  while (p < end) {
    *p = 7;
    p++;
  }
  int i;
  for (i = 0; i < n; i++) {
    __VERIFIER_assert(a[i] == 7);
  }
  return 0;
}
