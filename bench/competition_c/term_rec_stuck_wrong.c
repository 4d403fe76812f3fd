// category: Termination (recursive)
// expect: terminates=no
// why: any n >= 5 counts down to 5, where f calls itself with 5 again forever
extern int __VERIFIER_nondet_int(void);
int f(int n) {
  if (n <= 0)
    return 0;
  if (n == 5)
    return f(5);
  return f(n - 1);
}
int main() {
  int n = __VERIFIER_nondet_int();
  return f(n);
}
