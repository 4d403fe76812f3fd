// category: ReachSafety-Loops
// expect: prove=yes
// why: x and y both go up by 4 (mod 2^32 too) until a nondeterministic break: x stays 0 mod 4, y 1 mod 4
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_break_congruence.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  unsigned int x = 0;
  unsigned int y = 1;
  while (1) {
    x += 4;
    y += 4;
    if (__VERIFIER_nondet_int())
      break;
  }
  __VERIFIER_assert(x % 4 == 0);
  __VERIFIER_assert(y % 4 == 1);
  return 0;
}
