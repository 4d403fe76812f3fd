// expect: no
// Doubling 40 times overflows int at the 31st step.
int main(void) {
    int x = 1;
    int i = 0;
    while (i < 40) {
        x = x * 2;
        i++;
    }
    return x;
}
