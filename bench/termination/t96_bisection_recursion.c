// expect: yes
// why: lo <= mid < hi: either hi drops to mid or lo rises to mid + 1 (2*hi - lo decreases)
extern int __VERIFIER_nondet_int(void);
int search(int lo, int hi) {
  if (lo >= hi) return lo;
  int mid = lo + (hi - lo) / 2;
  if (__VERIFIER_nondet_int()) return search(lo, mid);
  return search(mid + 1, hi);
}
int main(void) {
  int n = __VERIFIER_nondet_int();
  if (n < 0) return 0;
  return search(0, n);
}
