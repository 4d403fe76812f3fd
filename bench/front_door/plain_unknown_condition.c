// expect: prove=yes
/* loop-invariant benchmark style: `unknown()` undeclared, as a loop condition */
extern void __VERIFIER_assert(int);
int main() {
  int s = 0;
  while (unknown()) {
    s = s + 2;
    if (s > 10) break;
  }
  __VERIFIER_assert(s != 7);
  return 0;
}
