// expect: yes
// why: b > a % b >= 0 for unsigned b != 0: the second argument decreases
extern unsigned int __VERIFIER_nondet_uint(void);
unsigned gcd(unsigned a, unsigned b) {
  if (b == 0) return a;
  return gcd(b, a % b);
}
int main(void) { return (int)gcd(__VERIFIER_nondet_uint(), __VERIFIER_nondet_uint()); }
