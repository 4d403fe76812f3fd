// category: Termination (recursive)
// expect: terminates=yes
// why: the second argument strictly decreases: b > a % b >= 0
extern int __VERIFIER_nondet_int(void);
int gcd(int a, int b) {
  if (b == 0)
    return a;
  return gcd(b, a % b);
}
int main() {
  int a = __VERIFIER_nondet_int();
  int b = __VERIFIER_nondet_int();
  if (a <= 0 || b <= 0)
    return 0;
  return gcd(a, b);
}
