// category: ReachSafety-Arrays
// expect: prove=yes
// why: the designated items fill slots 1, 4 and 5; every other slot is zero, so the weights sum to 7 and no entry exceeds 9
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_designated_table.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
typedef struct { int code; int weight; } entry_t;
static entry_t table[6] = { [4] = { .weight = 5 }, [1] = { 7, 2 }, { .code = 3 } };
int main() {
  int k = __VERIFIER_nondet_int();
  if (k < 0 || k >= 6)
    return 0;
  int sum = 0;
  for (int i = 0; i < 6; i++)
    sum += table[i].weight;
  __VERIFIER_assert(sum == 7);
  __VERIFIER_assert(table[k].code != 0 || k != 1);
  __VERIFIER_assert(table[k].code + table[k].weight <= 9);
  return 0;
}
