// expect: prove=yes terminates=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "switch_in_goto_loop.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int phase = 0;
  int count = 0;
 loop:
  switch (phase) {
  case 0: phase = 1; break;
  case 1: phase = 2; break;
  default: phase = 0; break;
  }
  count++;
  if (count < 9) goto loop;
  __VERIFIER_assert(phase == 0);
  return 0;
}
