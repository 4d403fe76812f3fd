// category: MemSafety (array-memsafety)
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: the copy writes length cells into a block of length - 1
extern int __VERIFIER_nondet_int(void);
int main() {
  int length = __VERIFIER_nondet_int();
  if (length < 2 || length > 50)
    return 0;
  int *src = __builtin_alloca(length * sizeof(int));
  int *dst = __builtin_alloca((length - 1) * sizeof(int));
  for (int i = 0; i < length; i++)
    src[i] = i;
  int *p = src, *q = dst;
  while (p - src < length) {
    *q = *p;
    p++;
    q++;
  }
  return dst[0];
}
