// category: Termination
// expect: terminates=no
// why: x = 1 goes to -1 and back to 1 forever, never 0
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  while (x != 0) {
    if (x > 0)
      x -= 2;
    else
      x += 2;
  }
  return 0;
}
