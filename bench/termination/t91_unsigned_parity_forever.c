// expect: no
// why: x + 2 wraps mod 2^32 and keeps x's parity: an even x never becomes 7
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
  unsigned int x = __VERIFIER_nondet_uint();
  while (x != 7) { x = x + 2; }
  return 0;
}
