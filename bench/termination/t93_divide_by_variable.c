// expect: yes
// why: with d >= 2, 0 <= x / d <= x / 2 < x for x > 0
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = __VERIFIER_nondet_int(), d = __VERIFIER_nondet_int();
  if (d < 2) return 0;
  while (x > 0) { x = x / d; }
  return 0;
}
