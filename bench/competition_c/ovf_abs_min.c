// category: NoOverflows
// expect: prove=no
// checks: overflow
// why: -x overflows for x = INT_MIN
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  if (x < 0) {
    x = -x;
  }
  return x;
}
