// expect: terminates=yes
typedef enum {false, true} bool;
extern int __VERIFIER_nondet_int(void);

int main() {
    int i = 0, j;
    int n = __VERIFIER_nondet_int();
    while (i < n) {
        j = 0;
        while (j < i) {
            j++;
        }
        i++;
    }
    return 0;
}
