// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: struct assignment copies: changing the copy leaves the original
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_struct_copy.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct pair {
  int a;
  int b;
};
int main() {
  struct pair p;
  p.a = __VERIFIER_nondet_int();
  p.b = p.a;
  struct pair q = p;
  q.a = q.a + 1 - 1;
  q.b = 7;
  __VERIFIER_assert(p.a == p.b);
  __VERIFIER_assert(q.a == p.a);
  return 0;
}
