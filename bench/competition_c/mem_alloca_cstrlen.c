// category: MemSafety (array-memsafety)
// expect: prove=yes
// checks: bounds,null,free,use-after-free
// why: the last cell is 0, so the walk stops inside the block
extern int __VERIFIER_nondet_int(void);
int cstrlen(const char *s) {
  const char *p = s;
  while (*p != '\0')
    p++;
  return (int)(p - s);
}
int main() {
  int length = __VERIFIER_nondet_int();
  if (length < 1 || length > 1000)
    length = 1;
  char *nondetString = (char *)__builtin_alloca(length * sizeof(char));
  for (int i = 0; i < length - 1; i++)
    nondetString[i] = 'x';
  nondetString[length - 1] = '\0';
  return cstrlen(nondetString);
}
