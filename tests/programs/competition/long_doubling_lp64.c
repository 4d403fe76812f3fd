// expect: prove=yes
// data-model: LP64
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "long_doubling_ilp32.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
int main() {
  int a = __VERIFIER_nondet_int();
  long b = (long)a + a;
  return b > 0;
}
