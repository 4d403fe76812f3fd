// expect: null=no
// witness: -1
// fails: null at line 12
// why: malloc may fail (a huge request does): the result is written without a null test
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern unsigned long __VERIFIER_nondet_ulong(void);
int main(void) {
  unsigned long size = __VERIFIER_nondet_ulong();
  int *p = malloc(size);
  *p = 1; // <- fails
  free(p);
  return 0;
}
