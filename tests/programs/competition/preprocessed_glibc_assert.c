// expect: prove=no
# 1 "preprocessed_glibc_assert.c"
# 1 "<built-in>"
# 1 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 1 "<command-line>" 2
# 1 "preprocessed_glibc_assert.c"
typedef unsigned long size_t;
extern void abort(void) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
extern void __assert_fail (const char *__assertion, const char *__file,
      unsigned int __line, const char *__function)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { ((void) sizeof ((0) ? 1 : 0), __extension__ ({ if (0) ; else __assert_fail ("0", "preprocessed_glibc_assert.c", 3, __extension__ __PRETTY_FUNCTION__); })); }
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int n = __VERIFIER_nondet_int();
  int i = 0;
  int s = 0;
  if (n < 0 || n > 20) return 0;
  while (i < n) {
    s = s + 2;
    i = i + 1;
  }
  __VERIFIER_assert(s != 2 * 7);
  return 0;
}
