// category: MemSafety (memcleanup)
// expect: prove=no
// checks: bounds,null,free,use-after-free,leak
// why: the early return keeps the block
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main() {
  char *buf = malloc(16);
  if (buf == 0)
    return 0;
  buf[0] = 'a';
  if (__VERIFIER_nondet_int() > 5)
    return 1;
  free(buf);
  return 0;
}
