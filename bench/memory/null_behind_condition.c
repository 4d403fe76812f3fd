// expect: null=no
// witness: 0
// fails: null at line 12
// why: p stays NULL when the nondet flag is 0 and is dereferenced anyway
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = 0;
  int *p = 0;
  if (__VERIFIER_nondet_int()) {
    p = &x;
  }
  *p = 1; // <- fails
  return x;
}
