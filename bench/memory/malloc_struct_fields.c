// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes
// why: the node is null-checked before its fields are written and freed once after its last use
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "malloc_struct_fields.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
struct node {
  int key;
  int value;
};
int main(void) {
  struct node *n = malloc(sizeof(struct node));
  if (n == 0) {
    return 1;
  }
  n->key = __VERIFIER_nondet_int();
  n->value = n->key;
  __VERIFIER_assert(n->value == n->key);
  free(n);
  return 0;
}
