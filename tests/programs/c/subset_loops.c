/* The C subset's control flow: typedef, enum, for (with a declaration),
 * while with an assignment in its condition, do-while, switch, break/continue.
 * Expected: every assertion holds; no overflow. */
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int cond);
extern void __VERIFIER_assert(int cond);

typedef unsigned int count_t;
enum phase { IDLE, RUNNING = 3, DONE };

static int step(int x) { return x - 1; }

int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 10);
  count_t sum = 0;
  for (int i = 0; i < n; i++) {
    if (i == 3)
      continue;
    sum += i;
  }
  int x = n;
  while ((x = step(x)) > 0) {
    if (x == 100)
      break;
  }
  int k = 0;
  do {
    k++;
  } while (k < 3);
  enum phase p = IDLE;
  switch (k) {
  case 1:
  case 2:
    p = RUNNING;
    break;
  case 3:
    p = DONE;
    break;
  default:
    p = IDLE;
  }
  __VERIFIER_assert(p == DONE);
  __VERIFIER_assert(x <= 0);
  __VERIFIER_assert(sum <= 45u);
  return 0;
}
