// expect: use-after-free=no
// witness: 5
// fails: use-after-free at line 16
// why: the block is read after free on every run
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
  int v = *p; // <- fails
  return v;
}
