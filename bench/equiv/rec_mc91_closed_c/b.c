// expect: yes -- McCarthy's 91 function against its closed form (summaries of the nested recursion)
int g(int n) {
    if (n > 100) return n - 10;
    return 91;
}
