// category: ReachSafety-Arrays
// expect: prove=yes
// why: a global array is zeros but where written
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_large_global_point.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
#define SIZE 100000
int a[SIZE];
int main() {
  unsigned int k = __VERIFIER_nondet_uint();
  unsigned int j = __VERIFIER_nondet_uint();
  if (k >= SIZE || j >= SIZE)
    return 0;
  a[k] = 1;
  if (j != k) {
    __VERIFIER_assert(a[j] == 0);
  }
  __VERIFIER_assert(a[k] == 1);
  return 0;
}
