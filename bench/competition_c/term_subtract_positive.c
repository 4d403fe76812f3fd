// category: Termination
// expect: terminates=yes
// why: x drops by y >= 1 a step while it is positive
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  __VERIFIER_assume(y >= 1);
  while (x > 0) {
    x = x - y;
  }
  return 0;
}
