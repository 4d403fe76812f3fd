// expect: assert=yes overflow=yes bounds=yes null=yes
// why: p is &x or NULL and is dereferenced only under if (p != 0)
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_null_guarded.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = 0;
  int *p = 0;
  if (__VERIFIER_nondet_int()) {
    p = &x;
  }
  if (p != 0) {
    *p = 5;
    __VERIFIER_assert(x == 5);
  } else {
    __VERIFIER_assert(x == 0);
  }
  return 0;
}
