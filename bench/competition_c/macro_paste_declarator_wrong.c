// category: ReachSafety-ControlFlow
// expect: prove=no
// why: the pasted names are v1 and v2, and v2 is 0 when the input is -1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "macro_paste_declarator_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define CAT(a, b) a ## b
#define VAR(n) CAT(v, n)
#define SHOW(x) #x
#define SUM(...) add(__VA_ARGS__)
int add(int p, int q) { return p + q; }
int main() {
  int VAR(1) = __VERIFIER_nondet_int();
  int CAT(v, 2) = SUM(v1, 1);
  const char *name = SHOW(v2);
  __VERIFIER_assert(sizeof(SHOW(v2)) == 3);
  __VERIFIER_assert(v2 != 0);
  return 0;
}
