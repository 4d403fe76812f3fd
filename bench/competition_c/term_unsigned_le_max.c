// category: Termination
// expect: terminates=no
// why: with n = UINT_MAX every unsigned i satisfies i <= n
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  unsigned int s = 0;
  for (unsigned int i = 0; i <= n; i++) {
    s += i;
  }
  return s;
}
