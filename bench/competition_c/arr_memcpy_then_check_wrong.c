// category: ReachSafety-Arrays
// expect: prove=no
// why: memcpy copies only 3 of 4 elements; dst[3] keeps its memset value -1, not src[3]
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_memcpy_then_check_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void *memset(void *s, int c, unsigned long n);
extern void *memcpy(void *dest, const void *src, unsigned long n);
int main() {
  int src[4], dst[4];
  for (int i = 0; i < 4; i++)
    src[i] = __VERIFIER_nondet_int();
  memset(dst, 0xff, sizeof(dst));
  memcpy(dst, src, 3 * sizeof(int));
  __VERIFIER_assert(dst[3] == -1);
  __VERIFIER_assert(dst[2] == src[2]);
  __VERIFIER_assert(dst[3] != src[3]);
  return 0;
}
