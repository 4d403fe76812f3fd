// category: MemSafety (array-memsafety)
// expect: prove=yes
// checks: bounds,null,free,use-after-free
// why: the pointer stays below the end: the difference counts the cells left
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 50)
    return 0;
  int *a = __builtin_alloca(n * sizeof(int));
  int *end = a + n;
  int count = 0;
  for (int *p = a; end - p > 0; p++) {
    *p = 0;
    count++;
  }
  return count;
}
