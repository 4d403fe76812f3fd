// expect: terminates=yes/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_term_lexicographic.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern _Bool __VERIFIER_nondet_bool(void);
/* either x falls, or y falls and x is reset: (y, x) decreases lexicographically */
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  while (x > 0 && y > 0) {
    if (__VERIFIER_nondet_bool()) {
      x = x - 1;
    } else {
      y = y - 1;
      x = __VERIFIER_nondet_int();
    }
  }
  return 0;
}
