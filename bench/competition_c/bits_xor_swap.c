// category: ReachSafety-Bitvector
// expect: prove=yes
// why: three xors swap two values
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_xor_swap.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int a = __VERIFIER_nondet_int();
  int b = __VERIFIER_nondet_int();
  int a0 = a, b0 = b;
  a ^= b;
  b ^= a;
  a ^= b;
  __VERIFIER_assert(a == b0 && b == a0);
  return 0;
}
