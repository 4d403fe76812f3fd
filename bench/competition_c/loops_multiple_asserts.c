// category: ReachSafety-Loops
// expect: prove=yes
// why: j = 2i and k = i + j = 3i hold at every step and on exit i = n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_multiple_asserts.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 10000)
    return 0;
  int i = 0, j = 0, k = 0;
  while (i < n) {
    i++;
    j += 2;
    k += 3;
    __VERIFIER_assert(j == 2 * i);
    __VERIFIER_assert(k == i + j);
  }
  __VERIFIER_assert(i == n);
  __VERIFIER_assert(k == 3 * n);
  return 0;
}
