// expect: yes
// int-semantics: math
// Three counters at speeds 1, 2, 3: the gap between the fast two is the slow one.
int main() {
    int n;
    int i = 0, j = 0, k = 0;
    assume(n >= 0);
    while (i < n) {
        i = i + 1;
        j = j + 2;
        k = k + 3;
    }
    assert(k - j == i);
}
