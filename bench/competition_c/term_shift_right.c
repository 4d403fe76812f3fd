// category: Termination (bitvector)
// expect: terminates=yes
// why: a logical right shift of an unsigned reaches 0 within 32 steps
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  int c = 0;
  while (x != 0) {
    x >>= 1;
    c++;
  }
  return c;
}
