// expect: yes -- options: --partial -- subtractive gcd, branches reordered; both run forever when one argument is 0
unsigned g(unsigned a, unsigned b) {
    while (a != b) {
        if (b > a)
            b = b - a;
        else
            a = a - b;
    }
    return b;
}
