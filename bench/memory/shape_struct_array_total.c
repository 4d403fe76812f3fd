// expect: assert=yes overflow=yes bounds=yes
// why: the table's three prices are 10, 20, 30 and each count is assumed in 0..5, so the total is at most 300 and a loop over i < 3 stays inside the table
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "shape_struct_array_total.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int cond);
struct line {
  int price;
  int count;
};
struct line order[3] = {{10, 0}, {20, 0}, {30, 0}};
int main(void) {
  int i;
  int total = 0;
  for (i = 0; i < 3; i++) {
    int c = __VERIFIER_nondet_int();
    __VERIFIER_assume(0 <= c && c <= 5);
    order[i].count = c;
  }
  for (i = 0; i < 3; i++) {
    total += order[i].price * order[i].count;
  }
  __VERIFIER_assert(0 <= total && total <= 300);
  return 0;
}
