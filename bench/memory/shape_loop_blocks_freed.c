// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: each of the three iterations allocates a tested block of four ints, uses it inside, and frees it (total stays in 0..3000)
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int total = 0;
  int k;
  for (k = 0; k < 3; k++) {
    int *p = calloc(4, sizeof(int));
    if (p == 0) {
      return 0;
    }
    p[k] = __VERIFIER_nondet_int();
    if (p[k] > 0 && p[k] < 1000) {
      total += p[k] + p[3];
    }
    free(p);
  }
  return total < 0;
}
