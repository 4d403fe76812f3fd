// expect: free=no
// witness: 1
// fails: free at line 20
// why: cleanup frees p and the caller frees it again when the nondet flag is set
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
void cleanup(int *p, int flag) {
  if (flag) {
    free(p);
  }
}
int main(void) {
  int *p = malloc(sizeof(int));
  if (p == 0) {
    return 0;
  }
  cleanup(p, __VERIFIER_nondet_int());
  free(p); // <- fails
  return 0;
}
