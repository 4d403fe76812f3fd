// expect: null=no
// witness: -1
// fails: null at line 16
// why: calloc may return NULL (a huge count does) and the field write follows without a test
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern unsigned long __VERIFIER_nondet_ulong(void);
struct pair {
  int first;
  int second;
};
int main(void) {
  unsigned long count = __VERIFIER_nondet_ulong();
  struct pair *p = calloc(count, sizeof(struct pair));
  p->second = 2; // <- fails
  free(p);
  return 0;
}
