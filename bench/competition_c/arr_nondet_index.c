// category: ReachSafety-Arrays
// expect: prove=yes
// why: one cell set at an unknown index; the others keep 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_nondet_index.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assume(int);
#define SIZE 64
int a[SIZE];
int main() {
  unsigned int k = __VERIFIER_nondet_uint();
  unsigned int j = __VERIFIER_nondet_uint();
  __VERIFIER_assume(k < SIZE && j < SIZE);
  a[k] = 5;
  __VERIFIER_assert(a[k] == 5);
  if (j != k) {
    __VERIFIER_assert(a[j] == 0);
  }
  return 0;
}
