// expect: leak=no
// witness: none
// fails: leak at line 9
// why: the first block is lost when p is overwritten by the second malloc
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
int main(void) {
  int *p = malloc(sizeof(int)); // <- fails
  if (p == 0) {
    return 0;
  }
  *p = 1;
  p = malloc(sizeof(int));
  if (p == 0) {
    return 0;
  }
  free(p);
  return 0;
}
