// expect: null=no
// witness: -1
// fails: null at line 17
// why: the first block is tested, the second (any count, so it may fail: a huge one does) is written without a test
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern unsigned long __VERIFIER_nondet_ulong(void);
int main(void) {
  unsigned long n = __VERIFIER_nondet_ulong();
  int *first = malloc(sizeof(int));
  if (first == 0) {
    return 0;
  }
  *first = 7;
  int *second = calloc(n, sizeof(int));
  second[0] = *first; // <- fails
  free(second);
  free(first);
  return 0;
}
