// expect: assert=yes overflow=yes bounds=yes
// why: lo + (hi - lo) / 2 stays in lo..hi within 0..7 (the array is made sorted by non-negative steps <= 10)
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "binary_search_safe_mid.c", 3, "reach_error"); }
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
  int i;
  a[0] = __VERIFIER_nondet_int();
  __VERIFIER_assume(a[0] >= -1000 && a[0] <= 1000);
  for (i = 1; i < 8; i++) {
    int step = __VERIFIER_nondet_int();
    __VERIFIER_assume(step >= 0 && step <= 10);
    a[i] = a[i - 1] + step;
  }
  int key = __VERIFIER_nondet_int();
  int lo = 0;
  int hi = 7;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] == key) {
      __VERIFIER_assert(mid >= 0 && mid < 8);
      return 0;
    }
    if (a[mid] < key) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return 0;
}
