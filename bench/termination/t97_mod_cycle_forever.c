// expect: no
// why: x = 0 cycles through 0..9 ((x + 3) % 10) and never equals 50
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = __VERIFIER_nondet_int();
  if (x < 0 || x > 100) return 0;
  while (x != 50) { x = (x + 3) % 10; }
  return 0;
}
