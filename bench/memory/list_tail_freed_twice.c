// expect: free=no
// witness: 2
// fails: free at line 47
// why: the freeing walk frees every node, the tail included, and the tail is freed again after it
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_tail_freed_twice.c", 3, "reach_error"); }
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
  struct node *tail = 0;
  int i;
  for (i = 0; i < count; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = i;
    n->next = 0;
    if (tail == 0) {
      head = n;
    } else {
      tail->next = n;
    }
    tail = n;
  }
  while (head) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  free(tail); // <- fails
  return 0;
}
