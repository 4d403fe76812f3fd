// expect: assert=yes overflow=yes bounds=yes null=yes
// why: withdraw refuses what would go below -limit, so balance >= -limit after every step; amounts <= 100, 5 steps
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_account_invariant.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
typedef struct {
  int balance;
  int limit;
} account;
void deposit(account *a, int amount) {
  a->balance = a->balance + amount;
}
int withdraw(account *a, int amount) {
  if (a->balance - amount < -a->limit) {
    return 0;
  }
  a->balance = a->balance - amount;
  return 1;
}
int main(void) {
  account acc;
  acc.balance = 0;
  acc.limit = 50;
  int k;
  for (k = 0; k < 5; k++) {
    int amount = __VERIFIER_nondet_int();
    __VERIFIER_assume(amount >= 0 && amount <= 100);
    if (__VERIFIER_nondet_int()) {
      deposit(&acc, amount);
    } else {
      withdraw(&acc, amount);
    }
    __VERIFIER_assert(acc.balance >= -acc.limit);
  }
  return 0;
}
