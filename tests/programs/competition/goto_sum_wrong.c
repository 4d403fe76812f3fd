// expect: prove=no terminates=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "goto_sum_wrong.c", 3, "reach_error"); }

void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int i = 0;
  int s = 0;
 again:
  s = s + 2;
  i = i + 1;
  if (i < 10) goto again;
  __VERIFIER_assert(s == 21);
  return 0;
}
