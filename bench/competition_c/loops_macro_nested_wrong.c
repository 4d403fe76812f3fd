// category: ReachSafety-Loops
// expect: prove=no
// why: TWICE(x) expands to STEP(STEP(x)) = (((x) + 1) + 1): i takes 0, 2, 4 and sum = 0 + (2*3 - 2) + (4*5 - 4) = 20
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_macro_nested_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
#define STEP(x) ((x) + 1)
#define TWICE(x) STEP(STEP(x))
int main() {
  int i = 0, sum = 0, k = 0;
  while (i < 6) {
    int j = i;
    sum += j * TWICE(j - 1) - j;
    i = TWICE(i);
    k++;
  }
  __VERIFIER_assert(sum != 2 * 2 + 4 * 4);
  return 0;
}
