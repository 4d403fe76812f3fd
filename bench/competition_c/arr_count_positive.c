// category: ReachSafety-Arrays
// expect: prove=yes
// why: a count of cells is at most the number of cells
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_count_positive.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define SIZE 100
int main() {
  int a[SIZE];
  unsigned int pos = 0, neg = 0;
  for (unsigned int i = 0; i < SIZE; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  for (unsigned int i = 0; i < SIZE; i++) {
    if (a[i] > 0)
      pos++;
    else
      neg++;
  }
  __VERIFIER_assert(pos + neg == SIZE);
  __VERIFIER_assert(pos <= SIZE);
  return 0;
}
