// expect: no
// int-semantics: math
// x steps by 3, so it reaches 9 on the third iteration.
int main() {
    int x = 0;
    while (unknown()) {
        x = x + 3;
    }
    assert(x != 9);
}
