// expect: yes -- counting down by recursion against the closed form
int g(int n) {
    return n > 0 ? n : 0;
}
