// expect: yes
// int-semantics: math
// x steps by 2 from 0, so it is never 7.
int main() {
    int x = 0;
    while (unknown()) {
        x = x + 2;
    }
    assert(x != 7);
}
