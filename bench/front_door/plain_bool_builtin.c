// expect: prove=yes
#include <stdbool.h>
extern _Bool __VERIFIER_nondet_bool(void);
extern void __VERIFIER_assert(int);
int main(void) {
  bool done = false;
  int steps = 0;
  while (!done) {
    steps++;
    if (steps >= 5 || __VERIFIER_nondet_bool()) done = true;
  }
  __VERIFIER_assert(steps >= 1 && steps <= 5);
  return 0;
}
