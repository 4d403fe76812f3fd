// expect: leak=no
// witness: 1
// fails: leak at line 13
// why: the iteration whose index equals the input keeps its block: nothing frees it
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int keep = __VERIFIER_nondet_int();
  int k;
  for (k = 0; k < 3; k++) {
    int *p = malloc(sizeof(int)); // <- fails
    if (p == 0) {
      return 1;
    }
    *p = k;
    if (k != keep) {
      free(p);
    }
  }
  return 0;
}
