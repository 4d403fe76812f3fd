// expect: prove=no/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_accumulate_overflow.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
/* 5000 steps of a million overflow int */
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 5000);
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += 1000000;
  }
  return s;
}
