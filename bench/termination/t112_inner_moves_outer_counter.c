// expect: yes
// why: each outer round the inner loop takes at most 3 from i and the round adds 3 then 1: i climbs to n
extern int __VERIFIER_nondet_int(void);
int main(void) {
    int n = __VERIFIER_nondet_int(), i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < 3; j++) {
            if (i > 0) i--;
        }
        i = i + 3;
    }
    return 0;
}
