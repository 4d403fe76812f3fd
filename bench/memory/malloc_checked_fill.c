// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: the null result is checked, i < n writes inside the n ints asked for (n in 1..8), and the block is freed once
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "malloc_checked_fill.c", 3, "reach_error"); }
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
  __VERIFIER_assume(n >= 1 && n <= 8);
  int *p = malloc(n * sizeof(int));
  if (p == 0) {
    return 0;
  }
  int i;
  for (i = 0; i < n; i++) {
    p[i] = i;
  }
  __VERIFIER_assert(p[n - 1] == n - 1);
  free(p);
  return 0;
}
