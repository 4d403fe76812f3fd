// expect: use-after-free=no
// witness: none
// fails: use-after-free at line 20
// why: each iteration reads the block of the previous one through old, which was freed at the end of that iteration
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
int main(void) {
  int *old = 0;
  int sum = 0;
  int k;
  for (k = 0; k < 3; k++) {
    int *p = malloc(2 * sizeof(int));
    if (p == 0) {
      break;
    }
    p[0] = k;
    p[1] = 0;
    if (old != 0) {
      sum += old[0]; // <- fails
    }
    free(p);
    old = p;
  }
  return sum;
}
