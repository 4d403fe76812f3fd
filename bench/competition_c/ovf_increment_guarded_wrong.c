// category: NoOverflows
// expect: prove=no
// checks: overflow
// why: the guard is off by one: x = 2147483647 passes it and x + 1 overflows
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  while (x <= 2147483647 && __VERIFIER_nondet_int()) {
    if (x > 2147483647 - 1 + 1)
      break;
    x = x + 1;
  }
  return x;
}
