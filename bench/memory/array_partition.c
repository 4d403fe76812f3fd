// expect: assert=yes overflow=yes bounds=yes
// why: every element goes to exactly one of neg/pos, so each count is <= n <= 8 and they sum to n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_partition.c", 3, "reach_error"); }
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
  int neg[8];
  int pos[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int nn = 0;
  int np = 0;
  for (i = 0; i < n; i++) {
    if (a[i] < 0) {
      neg[nn] = a[i];
      nn++;
    } else {
      pos[np] = a[i];
      np++;
    }
  }
  __VERIFIER_assert(nn + np == n);
  if (nn > 0) {
    __VERIFIER_assert(neg[nn - 1] < 0);
  }
  if (np > 0) {
    __VERIFIER_assert(pos[0] >= 0);
  }
  return 0;
}
