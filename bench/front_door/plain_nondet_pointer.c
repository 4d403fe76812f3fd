// expect: prove=unknown
extern void *__VERIFIER_nondet_pointer(void);
extern void __VERIFIER_assert(int);
int main(void) {
  int *p = __VERIFIER_nondet_pointer();
  if (p != 0) __VERIFIER_assert(1);
  return 0;
}
