// expect: prove=yes
// data-model: ILP32
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "ulong_max_ilp32.c", 3, "reach_error"); }

void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned long x = 4294967295UL;
  x = x + 1;
  __VERIFIER_assert(x == 0 && sizeof(long) == 4);
  return 0;
}
