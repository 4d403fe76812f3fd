// category: ReachSafety-Arrays
// expect: prove=yes
// why: the second loop copies a into b cell by cell, so the third finds them equal (each loop behind one of 10000 iterations)
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_copy_chain_local.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define N 10000
int main() {
  int a[N];
  int b[N];
  int i;
  for (i = 0; i < N; i++)
    a[i] = __VERIFIER_nondet_int();
  for (i = 0; i < N; i++)
    b[i] = a[i];
  for (i = 0; i < N; i++)
    __VERIFIER_assert(a[i] == b[i]);
  return 0;
}
