// expect: bounds=no
// witness: 5 6
// fails: bounds at line 14
// why: sum reads items[n] when it is given n = 2 items: the loop bound is i <= n
extern int __VERIFIER_nondet_int(void);
struct item {
  int weight;
  int value;
};
int sum(struct item *items, int n) {
  int s = 0;
  int i;
  for (i = 0; i <= n; i++) {
    s += items[i].weight; // <- fails
  }
  return s;
}
int main(void) {
  struct item bag[2];
  int i;
  for (i = 0; i < 2; i++) {
    bag[i].weight = __VERIFIER_nondet_int() % 100;
    bag[i].value = 1;
  }
  return sum(bag, 2);
}
