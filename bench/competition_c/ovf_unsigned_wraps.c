// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: unsigned arithmetic wraps by definition; a difference of two non-negative ints fits, and so does half of it plus 1
extern unsigned int __VERIFIER_nondet_uint(void);
extern int __VERIFIER_nondet_int(void);
int main() {
  unsigned int a = __VERIFIER_nondet_uint();
  unsigned int b = __VERIFIER_nondet_uint();
  unsigned int h = a * 2654435761U + b;
  h ^= h >> 16;
  int d = 0;
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  if (x >= 0 && y >= 0)
    d = x - y;
  return d / 2 + (int)(h & 1);
}
