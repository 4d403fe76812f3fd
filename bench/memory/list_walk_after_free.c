// expect: use-after-free=no
// witness: 1
// fails: use-after-free at line 44
// why: the whole list is freed, then the old head pointer is walked again
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_walk_after_free.c", 3, "reach_error"); }
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
  int data;
  struct node *next;
};
int main(void) {
  int count = __VERIFIER_nondet_int();
  __VERIFIER_assume(count >= 1 && count <= 3);
  struct node *head = 0;
  int i;
  for (i = 0; i < count; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      return 0;
    }
    n->data = i;
    n->next = head;
    head = n;
  }
  struct node *old = head;
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  int sum = 0;
  while (old != 0) {
    sum += old->data; // <- fails
    old = old->next;
  }
  return sum;
}
