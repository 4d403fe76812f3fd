// expect: prove=yes
extern unsigned int __VERIFIER_nondet_uint(void);
void reach_error(void) {}
unsigned int twice(unsigned int v) { return v << 1; }
int main() {
  unsigned int v = __VERIFIER_nondet_uint();
  if (v < 1000u) {
    if (twice(v) != v + v) reach_error();
  }
}
