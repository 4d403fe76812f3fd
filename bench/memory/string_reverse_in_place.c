// expect: assert=yes overflow=yes bounds=yes null=yes
// why: i < j keeps both indices in 0..len-1 (len in 0..7 inside char s[8] with s[len] = 0); reversing twice restores s
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "string_reverse_in_place.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
extern char __VERIFIER_nondet_char(void);
void reverse(char *s, int len) {
  int i = 0;
  int j = len - 1;
  while (i < j) {
    char t = s[i];
    s[i] = s[j];
    s[j] = t;
    i++;
    j--;
  }
}
int main(void) {
  char s[8];
  char c[8];
  int len = __VERIFIER_nondet_int();
  __VERIFIER_assume(len >= 0 && len < 8);
  int i;
  for (i = 0; i < len; i++) {
    s[i] = __VERIFIER_nondet_char();
    c[i] = s[i];
  }
  s[len] = 0;
  reverse(s, len);
  reverse(s, len);
  for (i = 0; i < len; i++) {
    __VERIFIER_assert(s[i] == c[i]);
  }
  return 0;
}
