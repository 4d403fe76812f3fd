// expect: assert=yes overflow=yes bounds=yes null=yes
// why: the loop reads buf[0..n-1] with n in 0..16, and the count never exceeds the number read
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "char_count_letter.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
extern char __VERIFIER_nondet_char(void);
int count_char(char *buf, int n, char c) {
  int count = 0;
  int i;
  for (i = 0; i < n; i++) {
    if (buf[i] == c) {
      count++;
    }
  }
  return count;
}
int main(void) {
  char buf[16];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 16);
  int i;
  for (i = 0; i < n; i++) {
    buf[i] = __VERIFIER_nondet_char();
  }
  int c = count_char(buf, n, 'a');
  __VERIFIER_assert(c <= n);
  return 0;
}
