// expect: assert=yes overflow=yes bounds=yes null=yes
// why: bump changes its own copy of the struct, so the caller's fields keep their values; x is assumed below 1000
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_copy_by_value.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
struct pair {
  int x;
  int y;
};
struct pair bump(struct pair p) {
  p.x = p.x + 1;
  return p;
}
int main(void) {
  struct pair a;
  a.x = __VERIFIER_nondet_int();
  a.y = __VERIFIER_nondet_int();
  __VERIFIER_assume(a.x < 1000);
  struct pair b = bump(a);
  __VERIFIER_assert(b.x == a.x + 1);
  __VERIFIER_assert(b.y == a.y);
  return 0;
}
