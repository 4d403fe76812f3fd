// expect: yes
// semantics: math
int f(int n, int m) {
    int i = 0;
    while (i < n) {
        int j = 0;
        while (j < m) {
            j = j + 1;
        }
        i = i + 1;
    }
    return 0;
}
