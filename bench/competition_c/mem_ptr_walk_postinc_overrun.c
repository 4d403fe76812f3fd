// category: MemSafety
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: the loop stores n + 1 values through *p++ into a block of n ints
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 32)
    return 0;
  int *buf = malloc(n * sizeof(int));
  if (!buf)
    return 0;
  int *p = buf;
  for (int i = 0; i <= n; i++)
    *p++ = i;
  free(buf);
  return 0;
}
