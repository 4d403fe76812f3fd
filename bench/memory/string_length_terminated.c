// expect: assert=yes overflow=yes bounds=yes null=yes
// why: s[k] = 0 with k in 0..9 inside char s[10], so the length loop stops at k
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "string_length_terminated.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
extern char __VERIFIER_nondet_char(void);
int main(void) {
  char s[10];
  int k = __VERIFIER_nondet_int();
  __VERIFIER_assume(k >= 0 && k < 10);
  int i;
  for (i = 0; i < k; i++) {
    char c = __VERIFIER_nondet_char();
    __VERIFIER_assume(c != 0);
    s[i] = c;
  }
  s[k] = 0;
  int len = 0;
  while (s[len] != 0) {
    len++;
  }
  __VERIFIER_assert(len == k);
  return 0;
}
