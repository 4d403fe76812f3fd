// expect: yes
// why: *y >= 1 is never written in the loop, so *x falls by at least one each round
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *x = __builtin_alloca(sizeof(int));
  int *y = __builtin_alloca(sizeof(int));
  *x = __VERIFIER_nondet_int();
  *y = __VERIFIER_nondet_int();
  if (*y < 1) return 0;
  while (*x > 0) { *x = *x - *y; }
  return 0;
}
