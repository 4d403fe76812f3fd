/* A struct-based invariant: an account's balance never goes below its
   overdraft limit, whatever is withdrawn. */
typedef struct {
    int balance;
    int limit; /* the overdraft allowed, >= 0 */
} Account;

int withdraw(Account *acc, int amount) {
    __VERIFIER_assume(acc->limit >= 0 && acc->limit <= 1000 && acc->balance >= -acc->limit);
    __VERIFIER_assume(acc->balance <= 1000000 && amount <= 1000000);
    if (amount > 0 && acc->balance - amount >= -acc->limit)
        acc->balance -= amount;
    __VERIFIER_assert(acc->balance >= -acc->limit);
    return acc->balance;
}

/* Bug: the check allows an overdraft of 2000 whatever the limit. */
int withdraw_buggy(Account *acc, int amount) {
    __VERIFIER_assume(acc->limit >= 0 && acc->limit <= 1000 && acc->balance >= -acc->limit);
    __VERIFIER_assume(acc->balance <= 1000000 && amount <= 1000000);
    if (amount > 0 && acc->balance - amount >= -2000)
        acc->balance -= amount;
    __VERIFIER_assert(acc->balance >= -acc->limit);
    return acc->balance;
}
