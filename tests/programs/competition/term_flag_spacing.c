// expect: terminates=yes
typedef  enum  {  false ,  true  }  bool ;

extern int __VERIFIER_nondet_int(void);

int main() {
    int x = __VERIFIER_nondet_int();
    bool done = false;
    while (!done) {
        if (x <= 0) {
            done = true;
        } else {
            x = x - 2;
        }
    }
    return 0;
}
