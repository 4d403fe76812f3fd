// category: ReachSafety-Loops
// expect: prove=no
// why: count(&hits) adds 1 per step while limit() returns 3, so hits reaches 3 and the assertion fails
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_addr_counter_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int hits = 0;
void count(int *c) {
  (*c)++;
}
int limit(void) {
  return 3;
}
int main() {
  int i;
  for (i = 0; i < limit(); i++)
    count(&hits);
  __VERIFIER_assert(hits < 3);
  return 0;
}
