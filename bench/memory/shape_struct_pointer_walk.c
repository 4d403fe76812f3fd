// expect: bounds=no
// witness: none
// fails: bounds at line 14
// why: the walk reads p->w for p = &segs[0] .. &segs[4], one past the four segments
struct segment {
  int w;
  int h;
};
int main(void) {
  struct segment segs[4] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
  struct segment *p = segs;
  int total = 0;
  while (p != &segs[4] + 1) {
    total += p->w; // <- fails
    p++;
  }
  return total;
}
