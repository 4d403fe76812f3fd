// expect: bounds=no
// witness: 2 5
// fails: bounds at line 19
// why: the index is checked against 8 but the block holds n ints (n in 1..8): n = 2, i = 5 is outside
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 8);
  int *p = calloc(n, sizeof(int));
  if (p == 0) {
    return 0;
  }
  int i = __VERIFIER_nondet_int();
  if (i >= 0 && i < 8) {
    p[i] = 1; // <- fails
  }
  free(p);
  return 0;
}
