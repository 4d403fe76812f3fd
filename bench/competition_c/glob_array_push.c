// category: ReachSafety-Arrays
// expect: prove=yes
// why: push stores below the global top and only while there is room, so top stays within 0..8
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_array_push.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int stack[8];
int top = 0;
int push(int v) {
  if (top >= 8)
    return 0;
  stack[top] = v;
  top++;
  return 1;
}
int main() {
  while (__VERIFIER_nondet_int()) {
    push(__VERIFIER_nondet_int());
    __VERIFIER_assert(top >= 0 && top <= 8);
  }
  return 0;
}
