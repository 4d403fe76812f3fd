// category: Termination
// expect: terminates=yes
// why: y drops by 1 each step, so after at most about 1000 steps it is below -1000 and x then falls fast
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  if (x < -1000 || x > 1000 || y < -1000 || y > 1000)
    return 0;
  while (x > 0) {
    x = x + y;
    y = y - 1;
  }
  return 0;
}
