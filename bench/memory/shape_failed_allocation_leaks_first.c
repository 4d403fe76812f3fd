// expect: leak=no
// witness: -1
// fails: leak at line 11
// why: when the second allocation fails (a huge request does) the function returns without freeing the first
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern unsigned long __VERIFIER_nondet_ulong(void);
int main(void) {
  unsigned long n = __VERIFIER_nondet_ulong();
  int *head = malloc(2 * sizeof(int)); // <- fails
  if (head == 0) {
    return 0;
  }
  char *body = malloc(n);
  if (body == 0) {
    return 1;
  }
  head[0] = 1;
  free(body);
  free(head);
  return 0;
}
