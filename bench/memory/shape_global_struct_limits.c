// expect: assert=yes overflow=yes
// why: clamp returns a value between limits.lo = -5 and limits.hi = 5, read through a pointer to the global struct
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "shape_global_struct_limits.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct range {
  int lo;
  int hi;
};
struct range limits = {-5, 5};
int clamp(struct range *r, int v) {
  if (v < r->lo) return r->lo;
  if (v > r->hi) return r->hi;
  return v;
}
int main(void) {
  int v = clamp(&limits, __VERIFIER_nondet_int());
  __VERIFIER_assert(limits.lo <= v && v <= (&limits)->hi);
  return 0;
}
