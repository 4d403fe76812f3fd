// expect: yes
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    while (a > 0) a--;
    while (b < 100) b++;
    while (a < b) a++;
    return a;
}
