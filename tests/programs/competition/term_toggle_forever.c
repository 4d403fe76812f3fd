// expect: terminates=no
typedef enum {false, true} bool;

extern int __VERIFIER_nondet_int(void);

int main() {
    int x = __VERIFIER_nondet_int();
    bool running = true;
    while (running) {
        if (x > 10) {
            x = 0;
        } else {
            x = x + 1;
        }
    }
    return 0;
}
