// expect: yes
// int-semantics: math
// Subtractive gcd keeps both values positive.
int main() {
    int a;
    int b;
    assume(a > 0 && b > 0);
    while (a != b) {
        if (a > b) {
            a = a - b;
        } else {
            b = b - a;
        }
    }
    assert(a > 0 && b > 0);
}
