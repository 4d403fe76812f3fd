// expect: assert=yes overflow=yes bounds=yes
// why: n is assumed in 1..8 and the search index stays below n; a hit is reported only where a[i] == key
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_search_found.c", 3, "reach_error"); }
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
  __VERIFIER_assume(n >= 1 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int key = __VERIFIER_nondet_int();
  int found = -1;
  for (i = 0; i < n; i++) {
    if (a[i] == key) {
      found = i;
      break;
    }
  }
  if (found >= 0) {
    __VERIFIER_assert(a[found] == key);
  }
  return 0;
}
