// category: NoOverflows
// expect: prove=no
// checks: overflow
// why: INT_MIN / -1 is 2^31, out of int
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  if (y == 0)
    return 0;
  return x / y;
}
