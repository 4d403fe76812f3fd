// expect: assert=yes overflow=yes bounds=yes
// why: count grows by at most one per element, so 0 <= count <= n <= 8
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_count_matches.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int count_equal(int *a, int n, int key) {
  int count = 0;
  int i;
  for (i = 0; i < n; i++) {
    if (a[i] == key) {
      count++;
    }
  }
  return count;
}
int main(void) {
  int a[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int c = count_equal(a, n, __VERIFIER_nondet_int());
  __VERIFIER_assert(c >= 0 && c <= n);
  return 0;
}
