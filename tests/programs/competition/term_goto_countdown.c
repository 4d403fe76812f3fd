// expect: terminates=yes
// A loop written with labels, as machine-reduced benchmark files are.
typedef enum {false, true} bool;
extern int __VERIFIER_nondet_int(void);

int main(void) {
  int i = __VERIFIER_nondet_int();
 head:
  if (!(i > 0)) goto out;
  i = i - 1;
  goto head;
 out:
  return 0;
}
