// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: both results are tested before use; when the second fails the first is freed before returning
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
  if (second == 0) {
    free(first);
    return 0;
  }
  if (n > 0) {
    second[0] = *first;
  }
  free(second);
  free(first);
  return 0;
}
