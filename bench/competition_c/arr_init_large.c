// category: ReachSafety-Arrays
// expect: prove=yes
// why: every cell is set to its index, then read back
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_init_large.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
#define SIZE 100000
int a[SIZE];
int main() {
  unsigned int i;
  for (i = 0; i < SIZE; i++) {
    a[i] = i;
  }
  for (i = 0; i < SIZE; i++) {
    __VERIFIER_assert(a[i] == i);
  }
  return 0;
}
