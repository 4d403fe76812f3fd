// expect: null=no
// witness: 1 2 3 9
// fails: null at line 27
// why: find returns NULL when no slot has the key, and the caller reads ->value without a test
extern int __VERIFIER_nondet_int(void);
struct entry {
  int key;
  int value;
};
struct entry table[3];
struct entry *find(int key) {
  int i;
  for (i = 0; i < 3; i++) {
    if (table[i].key == key) {
      return &table[i];
    }
  }
  return 0;
}
int main(void) {
  int i;
  for (i = 0; i < 3; i++) {
    table[i].key = __VERIFIER_nondet_int();
    table[i].value = i;
  }
  struct entry *e = find(__VERIFIER_nondet_int());
  return e->value; // <- fails
}
