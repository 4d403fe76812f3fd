// expect: assert=yes overflow=yes null=yes bounds=yes
// why: lookup returns NULL or the address of one of the three slots, and the caller tests it before reading ->count, which stays 0..3 after at most three increments
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "shape_returned_pointer_checked.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct slot {
  int id;
  int count;
};
struct slot slots[3] = {{4, 0}, {5, 0}, {6, 0}};
struct slot *lookup(int id) {
  int i;
  for (i = 0; i < 3; i++) {
    if (slots[i].id == id) {
      return &slots[i];
    }
  }
  return 0;
}
int main(void) {
  int k;
  for (k = 0; k < 3; k++) {
    struct slot *s = lookup(__VERIFIER_nondet_int());
    if (s) {
      s->count++;
    }
  }
  __VERIFIER_assert(slots[0].count <= 3);
  return 0;
}
