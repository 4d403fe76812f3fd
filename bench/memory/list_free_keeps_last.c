// expect: leak=no
// witness: 2
// fails: leak at line 28
// why: the freeing walk stops while head->next is not NULL, so the last node of the list is never freed
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_free_keeps_last.c", 3, "reach_error"); }
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
    struct node *n = malloc(sizeof(struct node)); // <- fails
    if (n == 0) {
      break;
    }
    n->data = i;
    n->next = head;
    head = n;
  }
  while (head != 0 && head->next != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
