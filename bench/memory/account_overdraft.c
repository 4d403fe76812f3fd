// expect: assert=no
// witness: 100 100
// fails: assert at line 31
// why: withdraw does not test the balance, so two withdrawals of 100 leave it below zero
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "account_overdraft.c", 3, "reach_error"); }
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
} account;
void withdraw(account *a, int amount) {
  a->balance -= amount;
}
int main(void) {
  account acc;
  acc.balance = 150;
  int k;
  for (k = 0; k < 2; k++) {
    int amount = __VERIFIER_nondet_int();
    __VERIFIER_assume(amount >= 0 && amount <= 100);
    withdraw(&acc, amount);
  }
  __VERIFIER_assert(acc.balance >= 0); // <- fails
  return 0;
}
