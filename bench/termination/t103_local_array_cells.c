// expect: yes
// why: a[1] - a[0] shrinks by one each round; the cells are read at fixed indices only
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[3];
  a[0] = __VERIFIER_nondet_int();
  a[1] = __VERIFIER_nondet_int();
  a[2] = 0;
  while (a[0] < a[1]) { a[0] = a[0] + 1; a[2] = a[2] + 1; }
  return a[2];
}
