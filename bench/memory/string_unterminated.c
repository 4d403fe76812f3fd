// expect: bounds=no
// witness: 97 98 99 100
// fails: bounds at line 13
// why: when all four chars are non-zero the length loop reads s[4] past char s[4]
extern char __VERIFIER_nondet_char(void);
int main(void) {
  char s[4];
  int i;
  for (i = 0; i < 4; i++) {
    s[i] = __VERIFIER_nondet_char();
  }
  int len = 0;
  while (s[len] != 0) { // <- fails
    len++;
  }
  return len;
}
