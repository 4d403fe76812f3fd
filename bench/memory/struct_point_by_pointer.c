// expect: assert=yes overflow=yes bounds=yes null=yes
// why: move gets &pt (not null); coordinates assumed in -1000..1000 and moved by at most 10
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_point_by_pointer.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
struct point {
  int x;
  int y;
};
void move(struct point *p, int dx, int dy) {
  p->x = p->x + dx;
  p->y = p->y + dy;
}
int main(void) {
  struct point pt;
  pt.x = __VERIFIER_nondet_int();
  pt.y = __VERIFIER_nondet_int();
  __VERIFIER_assume(pt.x >= -1000 && pt.x <= 1000 && pt.y >= -1000 && pt.y <= 1000);
  int dx = __VERIFIER_nondet_int();
  __VERIFIER_assume(dx >= -10 && dx <= 10);
  int x0 = pt.x;
  move(&pt, dx, 0);
  __VERIFIER_assert(pt.x == x0 + dx);
  return 0;
}
