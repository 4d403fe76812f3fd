// expect: prove=yes
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) { if (!cond) { __builtin_abort(); } }
int main() {
  register int i;
  auto int s = 0;
  for (i = 10; i > 0; --i) s += i;
  __VERIFIER_assert(s == 55);
  return 0;
}
