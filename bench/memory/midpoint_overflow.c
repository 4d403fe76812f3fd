// expect: overflow=no
// witness: 2147483647 2147483647
// fails: overflow at line 12
// why: (lo + hi) / 2 overflows for lo = hi = 2^31 - 1 although lo and hi are valid ints
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8] = {0};
  int lo = __VERIFIER_nondet_int();
  int hi = __VERIFIER_nondet_int();
  __VERIFIER_assume(lo >= 0 && lo <= hi);
  int mid = (lo + hi) / 2; // <- fails
  if (mid < 8) {
    return a[mid];
  }
  return 0;
}
