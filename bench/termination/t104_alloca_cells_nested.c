// expect: yes
// why: the outer loop lowers *i by one; the inner one raises *j up to *i, a fresh count each round
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *i = __builtin_alloca(sizeof(int));
  int *j = __builtin_alloca(sizeof(int));
  *i = __VERIFIER_nondet_int();
  while (*i > 0) {
    *j = 0;
    while (*j < *i) { *j = *j + 1; }
    *i = *i - 1;
  }
  return 0;
}
