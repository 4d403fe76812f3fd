// expect: no
// semantics: math
int main(void) {
    int i = 0;
    int j;
    while (i < 10) {
        j = 0;
        while (j < 3) {
            i = 0;
            j = j + 1;
        }
        i = i + 1;
    }
    return 0;
}
