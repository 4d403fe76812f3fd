// expect: bounds=no
// witness: none
// fails: bounds at line 33
// why: the walk reads data[len] of each buffer: one past the end of the array its pointer field designates
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_buffer_field_past_end.c", 3, "reach_error"); }
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
  int len;
  int *data;
  struct buffer *next;
};
int main(void) {
  int small[2] = {1, 2};
  int large[3] = {3, 4, 5};
  struct buffer second = {3, large, 0};
  struct buffer first = {2, small, &second};
  int sum = 0;
  struct buffer *b;
  for (b = &first; b != 0; b = b->next) {
    int j;
    for (j = 0; j <= b->len; j++) {
      sum += b->data[j]; // <- fails
    }
  }
  return sum;
}
