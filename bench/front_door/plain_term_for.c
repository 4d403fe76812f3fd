// expect: terminates=yes
extern int __VERIFIER_nondet_int(void);
int main() {
  int i, j, n = __VERIFIER_nondet_int();
  for (i = 0; i < n; i++)
    for (j = i; j < n; j++) ;
  return 0;
}
