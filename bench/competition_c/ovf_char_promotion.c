// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: char and short arithmetic happens in int; narrowing back is a conversion, not an overflow
extern char __VERIFIER_nondet_char(void);
extern short __VERIFIER_nondet_short(void);
int main() {
  signed char a = __VERIFIER_nondet_char();
  signed char b = __VERIFIER_nondet_char();
  signed char s = a + b;
  short h = __VERIFIER_nondet_short();
  h++;
  h = h * 2;
  return s + h;
}
