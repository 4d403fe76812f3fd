// category: ReachSafety-Loops
// expect: prove=yes
// why: CLAMP keeps v inside [LO, HI] after every step, and MAX/MIN of the bounds never cross
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_macro_clamp.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define LO (-50)
#define HI 50
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define CLAMP(x, lo, hi) MIN(MAX((x), (lo)), (hi))
int main() {
  int v = 0;
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 100)
    return 0;
  for (int i = 0; i < n; i++) {
    int d = __VERIFIER_nondet_int();
    if (d < -1000 || d > 1000)
      d = 0;
    v = CLAMP(v + d, LO, HI);
  }
  __VERIFIER_assert(v >= LO && v <= HI);
  return 0;
}
