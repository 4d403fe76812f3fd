// expect: free=no
// witness: none
// fails: free at line 15
// why: free is given p + 1, which is not the start of the block
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
int main(void) {
  int *p = malloc(3 * sizeof(int));
  if (p == 0) {
    return 0;
  }
  p[0] = 1;
  p = p + 1;
  free(p); // <- fails
  return 0;
}
