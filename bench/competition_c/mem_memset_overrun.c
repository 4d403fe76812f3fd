// category: MemSafety
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: memset clears sizeof(int) * 10 bytes of a 9-int stack array
extern void *memset(void *s, int c, unsigned long n);
extern int __VERIFIER_nondet_int(void);
int main() {
  int a[9];
  if (__VERIFIER_nondet_int())
    memset(a, 0, sizeof(int) * 10);
  else
    memset(a, 0, sizeof(a));
  return a[0];
}
