// expect: leak=no
// witness: 1
// fails: leak at line 10
// why: work returns early without freeing its buffer when the flag is set
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int work(int flag) {
  int *buf = malloc(8 * sizeof(int)); // <- fails
  if (buf == 0) {
    return -1;
  }
  buf[0] = flag;
  if (flag) {
    return 1;
  }
  free(buf);
  return 0;
}
int main(void) {
  return work(__VERIFIER_nondet_int());
}
