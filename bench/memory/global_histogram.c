// expect: assert=yes overflow=yes bounds=yes
// why: v % 5 is made non-negative before it indexes hist[5]; the counts add up to the 6 samples
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "global_histogram.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int hist[5];
int main(void) {
  int k;
  for (k = 0; k < 6; k++) {
    int v = __VERIFIER_nondet_int();
    int b = v % 5;
    if (b < 0) {
      b = -b;
    }
    hist[b] = hist[b] + 1;
  }
  int total = 0;
  for (k = 0; k < 5; k++) {
    total = total + hist[k];
  }
  __VERIFIER_assert(total == 6);
  return 0;
}
