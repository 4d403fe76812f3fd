// expect: bounds=no
// witness: 3
// fails: bounds at line 19
// why: the loop writes p[n] of a block of n ints (n in 1..8)
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 8);
  int *p = malloc(n * sizeof(int));
  if (p == 0) {
    return 0;
  }
  int i;
  for (i = 0; i <= n; i++) {
    p[i] = 0; // <- fails
  }
  free(p);
  return 0;
}
