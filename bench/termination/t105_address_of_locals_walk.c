// expect: yes
// why: walk gets the addresses of two distinct locals; *a rises to 10 while *b only falls
extern int __VERIFIER_nondet_int(void);
void walk(int *a, int *b) {
  while (*a < 10) { *a = *a + 1; *b = *b - 1; }
}
int main(void) {
  int x = __VERIFIER_nondet_int(), y = __VERIFIER_nondet_int();
  walk(&x, &y);
  return 0;
}
