// expect: no
// why: x - 4 wraps mod 2^32 and keeps x mod 4: x = 3 never becomes 0
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
  unsigned int x = __VERIFIER_nondet_uint();
  while (x != 0) { x -= 4; }
  return 0;
}
