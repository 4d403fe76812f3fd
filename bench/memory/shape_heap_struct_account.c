// expect: assert=yes overflow=yes null=yes free=yes use-after-free=yes leak=yes
// why: the account is allocated once, tested for NULL, its balance moves by amounts assumed in 0..100 and stays 0..200, and it is freed once at the end
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "shape_heap_struct_account.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int cond);
struct account {
  int balance;
  int history[2];
};
int main(void) {
  struct account *acc = malloc(sizeof *acc);
  if (!acc) {
    return 0;
  }
  int deposit = __VERIFIER_nondet_int();
  int withdrawal = __VERIFIER_nondet_int();
  __VERIFIER_assume(0 <= deposit && deposit <= 100 && 0 <= withdrawal && withdrawal <= 100);
  acc->balance = 100;
  acc->balance += deposit;
  acc->history[0] = deposit;
  if (withdrawal <= acc->balance) {
    acc->balance -= withdrawal;
    acc->history[1] = withdrawal;
  }
  __VERIFIER_assert(0 <= acc->balance && acc->balance <= 200);
  free(acc);
  return 0;
}
