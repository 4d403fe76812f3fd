// category: ReachSafety-ControlFlow (eca)
// expect: prove=yes
// why: from (1, 0) the inputs reach only (2, 0), (2, 1), (3, 1) and (3, 2): a2 never becomes 3
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "ctrl_eca_style.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
int a1 = 1;
int a2 = 0;
int a7 = 5;
int calculate_output(int input) {
  if (a1 == 1 && a2 == 0 && input == 1) { a1 = 2; a7 = a7 + 1; return 21; }
  if (a1 == 2 && a2 == 0 && input == 2) { a2 = 1; return 22; }
  if (a1 == 2 && a2 == 1 && input == 5) { a1 = 1; a2 = 0; return 25; }
  if (a1 == 2 && a2 == 1 && input == 3) { a1 = 3; return 23; }
  if (a1 == 3 && a2 == 1 && input == 6) { a2 = 2; return 26; }
  if (a1 == 3 && a2 == 1 && input == 4) { a2 = 2; return 24; }
  if (a1 == 3 && a2 == 3) {
  error_0: reach_error();
  }
  return -2;
}
int main() {
  int output = -1;
  while (1) {
    int input = __VERIFIER_nondet_int();
    if ((input != 1) && (input != 2) && (input != 3) && (input != 4) && (input != 5) && (input != 6))
      return -2;
    output = calculate_output(input);
  }
}
