// category: ReachSafety-Arrays
// expect: prove=yes
// why: reversing swaps the first and last cells
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_reverse_ends.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define SIZE 20
int a[SIZE];
int main() {
  for (int i = 0; i < SIZE; i++)
    a[i] = __VERIFIER_nondet_int();
  int first = a[0], last = a[SIZE - 1];
  for (int i = 0, j = SIZE - 1; i < j; i++, j--) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  __VERIFIER_assert(a[0] == last && a[SIZE - 1] == first);
  return 0;
}
