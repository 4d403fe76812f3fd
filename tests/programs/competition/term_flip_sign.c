// expect: terminates=no
typedef enum {false, true} bool;
extern int __VERIFIER_nondet_int(void);

int main() {
    int x = __VERIFIER_nondet_int();
    while (x != 0) {
        x = -x;
    }
    return 0;
}
