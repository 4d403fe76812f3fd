// expect: bounds=no
// witness: 1 2 3
// fails: bounds at line 14
// why: the loop runs i = 0..3 and writes pts[3] of struct point pts[3] on every run
extern int __VERIFIER_nondet_int(void);
struct point {
  int x;
  int y;
};
int main(void) {
  struct point pts[3];
  int i;
  for (i = 0; i <= 3; i++) {
    pts[i].x = __VERIFIER_nondet_int(); // <- fails
    pts[i].y = 0;
  }
  return pts[0].x;
}
