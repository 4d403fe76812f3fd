// expect: use-after-free=no
// witness: 1
// fails: use-after-free at line 19
// why: when the flag is set the block is freed and then written through the alias q
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *p = malloc(4 * sizeof(int));
  if (p == 0) {
    return 0;
  }
  int *q = p + 2;
  int flag = __VERIFIER_nondet_int();
  if (flag) {
    free(p);
  }
  *q = 7; // <- fails
  if (!flag) {
    free(p);
  }
  return 0;
}
