// expect: free=no
// witness: 0
// fails: free at line 19
// why: when the nondet flag is 0, p points to the global buffer, which free is then given
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int buffer[4];
int main(void) {
  int *p = buffer;
  if (__VERIFIER_nondet_int()) {
    p = malloc(4 * sizeof(int));
    if (p == 0) {
      return 0;
    }
  }
  p[0] = 1;
  free(p); // <- fails
  return 0;
}
