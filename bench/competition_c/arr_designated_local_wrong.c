// category: ReachSafety-Arrays
// expect: prove=no
// why: lim names .hi and then .lo; .mid stays 0, so a nondet x == 0 passes the range test
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_designated_local_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct range { int lo; int mid; int hi; };
int main() {
  int x = __VERIFIER_nondet_int();
  struct range lim = { .hi = 10, .lo = -10 };
  if (x > lim.lo && x < lim.hi)
    __VERIFIER_assert(x != lim.mid);
  return 0;
}
