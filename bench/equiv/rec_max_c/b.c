// expect: yes -- max of three through nested calls against one expression
int g(int a, int b, int c) {
    int m = a;
    if (b > m) m = b;
    if (c > m) m = c;
    return m;
}
