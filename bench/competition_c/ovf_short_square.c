// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: shorts are promoted to int and 32768^2 = 2^30 fits; the sum of two squares is at most 2^31 - 2^16 + 1
extern short __VERIFIER_nondet_short(void);
int main() {
  short a = __VERIFIER_nondet_short();
  short b = __VERIFIER_nondet_short();
  int sq = a * a;
  int t = b * b;
  if (a > -32768 && b > -32768)
    return sq + t;
  return sq - t;
}
