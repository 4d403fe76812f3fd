// expect: terminates=no
extern int __VERIFIER_nondet_int(void);

int main(void) {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
 again:
  if (x <= 0) goto finished;
  x = x + y;
  goto again;
 finished:
  return 0;
}
