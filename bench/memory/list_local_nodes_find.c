// expect: assert=yes overflow=yes bounds=yes null=yes
// why: the three nodes live on the stack; find returns NULL for a missing key and its result is tested before use
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_local_nodes_find.c", 3, "reach_error"); }
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
struct node {
  int key;
  int value;
  struct node *next;
};
int main(void) {
  struct node c = {3, 30, 0};
  struct node b = {2, 20, &c};
  struct node a = {1, 10, &b};
  int key = __VERIFIER_nondet_int();
  struct node *found = 0;
  struct node *p;
  for (p = &a; p != 0; p = p->next) {
    if (p->key == key) {
      found = p;
      break;
    }
  }
  int value = 0;
  if (found != 0) {
    value = found->value;
    __VERIFIER_assert(value == 10 * key);
  }
  __VERIFIER_assert(value == 0 || (key >= 1 && key <= 3));
  return 0;
}
