// expect: yes
// int-semantics: math
// The inner loop counts j up to i, every time.
int main() {
    int n;
    assume(n >= 0);
    int i = 0;
    while (i < n) {
        int j = 0;
        while (j < i) {
            j = j + 1;
        }
        assert(j == i);
        i = i + 1;
    }
}
