// expect: assert=yes overflow=yes bounds=yes
// why: the write happens only when 0 <= i < 10, the size of a
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_guarded_index.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[10] = {0};
  int i = __VERIFIER_nondet_int();
  int v = __VERIFIER_nondet_int();
  if (i >= 0 && i < 10) {
    a[i] = v;
    __VERIFIER_assert(a[i] == v);
  }
  return 0;
}
