// category: MemSafety
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: when the flag is set the block is freed twice
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main() {
  int *p = malloc(sizeof(int));
  if (p == 0)
    return 0;
  *p = 1;
  if (__VERIFIER_nondet_int()) {
    free(p);
  }
  free(p);
  return 0;
}
