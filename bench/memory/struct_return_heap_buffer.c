// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: make_buffer returns the block with its length (0 when malloc failed); the caller writes below len and frees the block once
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "struct_return_heap_buffer.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
struct buffer {
  int *data;
  int len;
};
struct buffer make_buffer(int n) {
  struct buffer b;
  b.data = malloc(n * sizeof(int));
  b.len = b.data == 0 ? 0 : n;
  return b;
}
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 4);
  struct buffer b = make_buffer(n);
  if (b.len > 0) {
    b.data[b.len - 1] = 7;
    b.data[0] = 1;
    __VERIFIER_assert(b.data[0] == 1);
    free(b.data);
  }
  return 0;
}
