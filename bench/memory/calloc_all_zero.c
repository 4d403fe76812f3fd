// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: calloc zeroes the n ints (n in 1..8), the result is null-checked and freed once
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "calloc_all_zero.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n > 0 && n <= 8);
  int *p = calloc(n, sizeof(int));
  if (!p) {
    return 0;
  }
  int i;
  for (i = 0; i < n; i++) {
    __VERIFIER_assert(p[i] == 0);
  }
  free(p);
  return 0;
}
