// category: Termination (cil)
// expect: terminates=yes
// why: lexicographic: y falls (x reset to any value), or x falls with y kept
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  loop: ;
  if (! (x > 0 && y > 0)) {
    goto done;
  }
  if (__VERIFIER_nondet_int()) {
    x = x - 1;
  } else {
    y = y - 1;
    x = __VERIFIER_nondet_int();
  }
  goto loop;
  done: ;
  return 0;
}
