// category: NoOverflows
// expect: prove=no
// checks: overflow
// why: 2^31 does not fit in an int: the 31st doubling overflows when n >= 31
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 40)
    return 0;
  int p = 1;
  for (int i = 0; i < n; i++)
    p *= 2;
  return p;
}
