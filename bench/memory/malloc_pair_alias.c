// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes
// why: q aliases p until the single free through q; neither is used afterwards
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "malloc_pair_alias.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *p = malloc(2 * sizeof(int));
  if (p == 0) {
    return 0;
  }
  int *q = p;
  p[0] = __VERIFIER_nondet_int();
  q[1] = p[0];
  __VERIFIER_assert(p[1] == q[0]);
  free(q);
  return 0;
}
