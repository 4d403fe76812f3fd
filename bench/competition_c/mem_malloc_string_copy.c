// category: MemSafety
// expect: prove=yes
// checks: bounds,null,free,use-after-free,leak
// why: n + 1 bytes hold n characters and the terminator; the walk stops at it; the block is freed
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 64)
    return 0;
  char *s = malloc(n + 1);
  if (s == 0)
    return 0;
  for (int i = 0; i < n; i++)
    s[i] = 'x';
  s[n] = '\0';
  int len = 0;
  for (char *p = s; *p != '\0'; p++)
    len++;
  free(s);
  return len;
}
