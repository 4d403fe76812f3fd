// category: Termination
// expect: terminates=no
// why: an odd unsigned stays odd when 2 is subtracted (mod 2^32): it is never 0
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  while (x != 0) {
    x -= 2;
  }
  return 0;
}
