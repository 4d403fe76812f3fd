// category: MemSafety (array-memsafety)
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: i <= 4 writes recs[4], one past the four records
extern int __VERIFIER_nondet_int(void);
struct rec {
  int key;
  int val;
};
int main() {
  struct rec recs[4];
  int limit = __VERIFIER_nondet_int();
  if (limit < 0 || limit > 4)
    return 0;
  for (int i = 0; i <= limit; i++) {
    recs[i].key = i;
    recs[i].val = 0;
  }
  return recs[0].key;
}
