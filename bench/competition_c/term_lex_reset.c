// category: Termination
// expect: terminates=yes
// why: (x, y) decreases lexicographically: y counts down, and when it is spent x drops and y is reset
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  while (x > 0) {
    if (y > 0) {
      y--;
    } else {
      x--;
      y = __VERIFIER_nondet_int();
    }
  }
  return 0;
}
