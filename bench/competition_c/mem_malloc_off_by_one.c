// category: MemSafety
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: i <= n writes a[n], one past the block
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 100)
    return 0;
  int *a = malloc(sizeof(int) * n);
  if (!a)
    return 0;
  for (int i = 0; i <= n; i++)
    a[i] = 0;
  free(a);
  return 0;
}
