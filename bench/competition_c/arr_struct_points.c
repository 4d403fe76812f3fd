// category: ReachSafety-Arrays
// expect: prove=yes
// why: every point is written with y = 2x, and the scan reads them back
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_struct_points.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct point {
  int x;
  int y;
};
struct point pts[8];
int main() {
  for (int i = 0; i < 8; i++) {
    int v = __VERIFIER_nondet_int();
    if (v < -1000 || v > 1000)
      v = 0;
    pts[i].x = v;
    pts[i].y = 2 * v;
  }
  for (int i = 0; i < 8; i++)
    __VERIFIER_assert(pts[i].y == 2 * pts[i].x);
  return 0;
}
