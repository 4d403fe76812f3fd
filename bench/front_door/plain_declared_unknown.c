// expect: prove=no
/* loop-invariant benchmark style: `unknown()` declared to return any int */
extern int unknown(void);
extern void __VERIFIER_assert(int);
int main() {
  int x = unknown();
  int y = 0;
  while (x > 0 && x < 100) {
    x--;
    y++;
  }
  __VERIFIER_assert(y < 5);
  return 0;
}
