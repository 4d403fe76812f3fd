// expect: free=no
// witness: 0
// fails: free at line 19
// why: p points to a local when the flag is 0, and free is given that address
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int local = 0;
  int *p = &local;
  if (__VERIFIER_nondet_int()) {
    p = malloc(sizeof(int));
    if (p == 0) {
      return 0;
    }
  }
  *p = 3;
  free(p); // <- fails
  return 0;
}
