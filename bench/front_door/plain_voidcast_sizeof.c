// expect: prove=yes
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assert(int);
int main(void) {
  int x = __VERIFIER_nondet_int();
  (void) x;
  __VERIFIER_assert(sizeof(int) == 4 && sizeof x == 4 && sizeof(char) == 1);
  return 0;
}
