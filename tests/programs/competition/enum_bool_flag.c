// expect: prove=yes terminates=yes
typedef enum {false, true} bool;
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "enum_bool_flag.c", 4, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);

int main() {
    int x = __VERIFIER_nondet_int();
    __VERIFIER_assume(x >= 0 && x <= 1000);
    bool found = false;
    while (x > 0 && !found) {
        if (x == 500) {
            found = true;
        }
        x = x - 1;
    }
    if (found == true && x != 499) {
        reach_error();
    }
    return 0;
}
