// expect: terminates=no
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  while (1) {
    if (x == 10) break;
    if (x > 10) x = 0; else if (x < 0) x = 5;
  }
  return 0;
}
