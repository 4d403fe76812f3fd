// expect: prove=yes
extern unsigned char __VERIFIER_nondet_uchar(void);
extern void __VERIFIER_assert(int);
int main(void) {
  unsigned char c = __VERIFIER_nondet_uchar();
  unsigned char d = c + 1;
  signed char s = (signed char) 200;
  if (c == 255) __VERIFIER_assert(d == 0);
  __VERIFIER_assert(s == -56);
  return 0;
}
