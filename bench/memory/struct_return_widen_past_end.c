// expect: bounds=no
// witness: 3
// fails: bounds at line 22
// why: widen returns the span grown by `by` on both sides: by = 3 moves end from 5 to 8, one past a[8]
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
struct span {
  int start;
  int end;
};
struct span widen(struct span s, int by) {
  s.start = s.start - by;
  s.end = s.end + by;
  return s;
}
int main(void) {
  int a[8] = {0};
  struct span s = {2, 5};
  int by = __VERIFIER_nondet_int();
  __VERIFIER_assume(by >= 0 && by <= 3);
  s = widen(s, by);
  a[s.end] = 1; // <- fails
  return a[0] + s.start;
}
