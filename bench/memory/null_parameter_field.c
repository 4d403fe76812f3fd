// expect: null=no
// witness: 0
// fails: null at line 10
// why: get reads p->x without a test, and main passes NULL when the nondet flag is 0
extern int __VERIFIER_nondet_int(void);
struct box {
  int x;
};
int get(struct box *p) {
  return p->x; // <- fails
}
int main(void) {
  struct box b;
  b.x = 4;
  struct box *q = 0;
  if (__VERIFIER_nondet_int()) {
    q = &b;
  }
  return get(q);
}
