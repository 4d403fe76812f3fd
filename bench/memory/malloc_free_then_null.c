// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes
// why: p is set to NULL after the free, so the second free(p) is free(NULL), which does nothing
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *p = malloc(sizeof(int));
  if (p == 0) {
    return 0;
  }
  *p = __VERIFIER_nondet_int();
  free(p);
  p = 0;
  if (__VERIFIER_nondet_int()) {
    free(p);
  }
  return 0;
}
