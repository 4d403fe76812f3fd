// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "jump_into_loop.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int c = __VERIFIER_nondet_int();
  int x = 0;
  int i = 0;
  if (c) {
    x = 5;
    goto inside;
  }
  while (i < 3) {
  inside:
    i++;
  }
  __VERIFIER_assert(x == 0);
  return 0;
}
