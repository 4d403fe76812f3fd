// expect: terminates=yes
// CIL's rendering of `while (i < n) i++;`
extern int __VERIFIER_nondet_int(void);

int main(void) {
  int i;
  int n;
  i = 0;
  n = __VERIFIER_nondet_int();
  {
  while (1) {
    while_continue: /* CIL Label */ ;
    if (! (i < n)) {
      goto while_break;
    }
    i ++;
  }
  while_break: /* CIL Label */ ;
  }
  return (0);
}
