// category: ReachSafety-Loops
// expect: prove=yes
// why: the flag is set exactly when i reaches 10
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_bool_flag.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  _Bool done = 0;
  int i = 0;
  while (!done) {
    i++;
    if (i >= 10)
      done = 1;
  }
  __VERIFIER_assert(i == 10);
  return 0;
}
