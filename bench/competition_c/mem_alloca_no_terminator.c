// category: MemSafety (array-memsafety)
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: nothing writes a 0: the walk runs off the block
extern int __VERIFIER_nondet_int(void);
int main() {
  int length = __VERIFIER_nondet_int();
  if (length < 1 || length > 100)
    length = 1;
  char *s = (char *)__builtin_alloca(length * sizeof(char));
  for (int i = 0; i < length; i++)
    s[i] = 'y';
  int n = 0;
  while (s[n] != 0)
    n++;
  return n;
}
