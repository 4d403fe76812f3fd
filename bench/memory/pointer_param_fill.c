// expect: assert=yes overflow=yes bounds=yes null=yes
// why: fill writes p[0..n-1] with n = 5 on int a[5]; then every element is v
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_param_fill.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
void fill(int *p, int n, int v) {
  int i;
  for (i = 0; i < n; i++) {
    p[i] = v;
  }
}
int main(void) {
  int a[5];
  int v = __VERIFIER_nondet_int();
  fill(a, 5, v);
  int i;
  for (i = 0; i < 5; i++) {
    __VERIFIER_assert(a[i] == v);
  }
  return 0;
}
