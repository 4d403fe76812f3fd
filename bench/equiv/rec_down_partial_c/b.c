// expect: yes -- options: --partial --int-semantics math -- recursion that never ends below 0 against the identity; equal wherever both end
int g(int n) {
    return n;
}
