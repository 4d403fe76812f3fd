// expect: yes
// int-semantics: math
// Counting down from an input at least 10 never passes below zero on the way to 0.
int main() {
    int n;
    assume(n >= 10);
    int x = n;
    while (x > 0) {
        x = x - 1;
    }
    assert(x == 0);
}
