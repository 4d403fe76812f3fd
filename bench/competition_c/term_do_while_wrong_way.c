// category: Termination
// expect: terminates=no
// why: with step = 0 on input, i stays 0 < 10 forever
extern int __VERIFIER_nondet_int(void);
int main() {
  int step = __VERIFIER_nondet_int();
  if (step < 0 || step > 3)
    return 0;
  int i = 0;
  do {
    i = i + step;
  } while (i < 10);
  return i;
}
