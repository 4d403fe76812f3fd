// expect: assert=yes overflow=yes bounds=yes null=yes
// why: push refuses when len == 4, so data[len] is written only for len in 0..3
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_array_field.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
struct stack {
  int data[4];
  int len;
};
int push(struct stack *s, int v) {
  if (s->len >= 4) {
    return 0;
  }
  s->data[s->len] = v;
  s->len++;
  return 1;
}
int main(void) {
  struct stack s;
  s.len = 0;
  int k;
  for (k = 0; k < 6; k++) {
    push(&s, __VERIFIER_nondet_int());
  }
  __VERIFIER_assert(s.len == 4);
  return 0;
}
