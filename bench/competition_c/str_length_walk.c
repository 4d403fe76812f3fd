// category: ReachSafety-Arrays (strings)
// expect: prove=yes
// why: n nonzero characters then a terminator: the walk stops at n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "str_length_walk.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern char __VERIFIER_nondet_char(void);
int main() {
  char s[16];
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 15)
    return 0;
  for (int i = 0; i < n; i++) {
    char c = __VERIFIER_nondet_char();
    s[i] = c == 0 ? 'a' : c;
  }
  s[n] = '\0';
  int len = 0;
  while (s[len] != '\0')
    len++;
  __VERIFIER_assert(len == n);
  return 0;
}
