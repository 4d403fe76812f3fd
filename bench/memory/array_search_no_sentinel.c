// expect: bounds=no
// witness: 1 2 3 4 5 9
// fails: bounds at line 14
// why: when no element equals key the loop reads a[5] past int a[5]
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[5];
  int i;
  for (i = 0; i < 5; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int key = __VERIFIER_nondet_int();
  i = 0;
  while (a[i] != key) { // <- fails
    i++;
  }
  return i;
}
