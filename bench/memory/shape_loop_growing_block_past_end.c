// expect: bounds=no
// witness: none
// fails: bounds at line 16
// why: iteration k allocates k + 1 ints and writes element k + 1, one past the block
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
int main(void) {
  int k;
  for (k = 0; k < 3; k++) {
    int *p = malloc((k + 1) * sizeof(int));
    if (p == 0) {
      return 1;
    }
    p[k] = k;
    p[k + 1] = k; // <- fails
    free(p);
  }
  return 0;
}
