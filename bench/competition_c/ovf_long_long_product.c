// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: the product of two ints fits a long long, and so does its sum with another int
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  int z = __VERIFIER_nondet_int();
  long long r = (long long)x * y + z;
  return r > 0;
}
