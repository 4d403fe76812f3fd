// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: up to count <= 4 nodes are appended through a tail pointer, each tested; the walk stops at NULL and the freeing walk saves next first
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_append_tail_walk.c", 3, "reach_error"); }
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
  __VERIFIER_assume(count >= 0 && count <= 4);
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
  int largest = -1;
  struct node *p = head;
  while (p != 0) {
    if (p->data > largest) {
      largest = p->data;
    }
    p = p->next;
  }
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
