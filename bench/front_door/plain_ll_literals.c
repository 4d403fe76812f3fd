// expect: prove=yes
extern long long __VERIFIER_nondet_longlong(void);
extern void __VERIFIER_assert(int);
int main() {
  long long x = __VERIFIER_nondet_longlong();
  unsigned long long u = 0xFFFFFFFFFFFFFFFFULL;
  int o = 017, h = 0x1F;
  __VERIFIER_assume(x > -1000LL && x < 1000LL);
  __VERIFIER_assert(x * 2LL < 2000LL);
  __VERIFIER_assert(u + 1ULL == 0ULL);
  __VERIFIER_assert(o == 15 && h == 31 && '\n' == 10 && '\0' == 0);
  return 0;
}
