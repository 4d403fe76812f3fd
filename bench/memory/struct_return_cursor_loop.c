// expect: assert=yes overflow=yes bounds=yes
// why: advance returns a copy whose pos stays below len (4), so every buf[c.pos] is inside buf whatever n is
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_return_cursor_loop.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
struct cursor {
  int pos;
  int len;
};
struct cursor advance(struct cursor c) {
  if (c.pos < c.len - 1) {
    c.pos = c.pos + 1;
  }
  return c;
}
int main(void) {
  int buf[4] = {0, 0, 0, 0};
  struct cursor c = {0, 4};
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 10);
  int k;
  for (k = 0; k < n; k++) {
    c = advance(c);
    buf[c.pos] = buf[c.pos] + 1;
  }
  __VERIFIER_assert(c.pos <= 3);
  return 0;
}
