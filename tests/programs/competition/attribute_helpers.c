// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "attribute_helpers.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void) __attribute__((__nothrow__));
extern void __VERIFIER_assume(int cond) __attribute__ ((__nothrow__ , __leaf__));
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
static int __attribute__((noinline)) clamp(int v) __attribute__((const));
static int __attribute__((noinline)) clamp(int v) {
  if (v < 0) return 0;
  if (v > 100) return 100;
  return v;
}
int main(void) {
  int v = clamp(__VERIFIER_nondet_int());
  __VERIFIER_assert(v >= 0 && v <= 100);
  return 0;
}
