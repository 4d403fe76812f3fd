// expect: yes
// int-semantics: math
// Moving units between a and b keeps their sum.
int main() {
    int a;
    int b;
    assume(a + b == 10);
    while (unknown()) {
        if (unknown()) {
            a = a + 1;
            b = b - 1;
        } else {
            a = a - 1;
            b = b + 1;
        }
    }
    assert(a + b == 10);
}
