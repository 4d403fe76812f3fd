// expect: yes
// why: x >= base >= 2 on the call, so x / base < x; x stays >= 0
extern int __VERIFIER_nondet_int(void);
int digits(int x, int base) {
  if (x < base) return 1;
  return 1 + digits(x / base, base);
}
int main(void) {
  int x = __VERIFIER_nondet_int(), b = __VERIFIER_nondet_int();
  if (x < 0 || b < 2) return 0;
  return digits(x, b);
}
