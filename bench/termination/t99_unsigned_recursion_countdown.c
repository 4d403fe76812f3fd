// expect: yes
// why: n != 0 on the call, so n - 1 does not wrap and decreases
extern unsigned int __VERIFIER_nondet_uint(void);
unsigned f(unsigned n, unsigned acc) {
  if (n == 0) return acc;
  return f(n - 1, acc + n);
}
int main(void) { return (int)f(__VERIFIER_nondet_uint(), 0); }
