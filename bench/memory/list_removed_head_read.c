// expect: use-after-free=no
// witness: 7 8
// fails: use-after-free at line 40
// why: the old head is freed when it is unlinked, then its data is read through the saved pointer
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_removed_head_read.c", 3, "reach_error"); }
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
  struct node *head = 0;
  int i;
  for (i = 0; i < 2; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = __VERIFIER_nondet_int();
    n->next = head;
    head = n;
  }
  if (head == 0) {
    return 0;
  }
  struct node *old = head;
  head = head->next;
  free(old);
  int data = old->data; // <- fails
  while (head) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return data;
}
