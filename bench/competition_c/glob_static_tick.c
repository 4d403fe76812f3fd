// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: the static t counts down from 10 across calls: nine calls return 9..1, the tenth 0, the next -1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_static_tick.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int tick(void) {
  static int t = 10;
  t--;
  return t;
}
int main() {
  int c = 0;
  while (tick() > 0)
    c++;
  __VERIFIER_assert(c == 9);
  __VERIFIER_assert(tick() == -1);
  return 0;
}
