// category: ReachSafety-Arrays
// expect: prove=yes
// why: *d++ = *s++ copies the four elements in order; d ends one past dst's last
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "ptr_walk_copy_postinc.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int src[4] = {3, 1, 4, 1};
  int dst[4];
  int *s = src, *d = dst;
  while (s != src + 4)
    *d++ = *s++;
  __VERIFIER_assert(d - dst == 4);
  __VERIFIER_assert(dst[0] + dst[1] + dst[2] + dst[3] == 9);
  return 0;
}
