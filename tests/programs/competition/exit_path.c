// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "exit_path.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void exit(int);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int x = __VERIFIER_nondet_int();
  if (x < 0) {
    exit(0);
  }
  __VERIFIER_assert(x >= 0);
  return 0;
}
