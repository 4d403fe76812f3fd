// expect: assert=yes overflow=yes bounds=yes null=yes
// why: src is a literal of 5 chars plus its terminator and dst has 8, so the copy stops in bounds
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "string_copy_fits.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main(void) {
  char src[] = "hello";
  char dst[8];
  int i = 0;
  while (src[i] != '\0') {
    dst[i] = src[i];
    i++;
  }
  dst[i] = '\0';
  __VERIFIER_assert(i == 5);
  __VERIFIER_assert(dst[0] == 'h' && dst[4] == 'o');
  return 0;
}
