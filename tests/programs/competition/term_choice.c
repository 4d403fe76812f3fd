// expect: terminates=yes
typedef enum {false,true} bool;

extern int __VERIFIER_nondet_int(void);

int main() {
    int a, b;
    a = __VERIFIER_nondet_int();
    b = __VERIFIER_nondet_int();
    while (a > 0 && b > 0) {
        if (__VERIFIER_nondet_int() != 0) {
            a = a - 1;
        } else {
            b = b - 1;
        }
    }
    return 0;
}
