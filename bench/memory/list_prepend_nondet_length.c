// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: a nondet number (at most 4) of tested nodes is prepended; the walk reads each node's fields until NULL, and the freeing walk saves next before free
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_prepend_nondet_length.c", 3, "reach_error"); }
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
  struct node *next;
};
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n <= 4);
  struct node *head = 0;
  while (n > 0) {
    struct node *c = malloc(sizeof(struct node));
    if (c == 0) {
      break;
    }
    c->key = __VERIFIER_nondet_int();
    c->next = head;
    head = c;
    n--;
  }
  int last = 0;
  struct node *p;
  for (p = head; p != 0; p = p->next) {
    last = p->key;
  }
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
