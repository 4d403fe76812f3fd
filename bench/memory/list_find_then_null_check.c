// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: the search returns NULL or a node of the list, and its result is tested before it is read; every node is freed by a walk that saves next first
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_find_then_null_check.c", 3, "reach_error"); }
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
  struct node *head = 0;
  int i;
  for (i = 0; i < 4; i++) {
    struct node *c = malloc(sizeof(struct node));
    if (c == 0) {
      break;
    }
    c->key = i;
    c->value = __VERIFIER_nondet_int();
    c->next = head;
    head = c;
  }
  int wanted = __VERIFIER_nondet_int();
  struct node *found = 0;
  struct node *p = head;
  while (p != 0) {
    if (p->key == wanted) {
      found = p;
      break;
    }
    p = p->next;
  }
  int value = 0;
  if (found != 0) {
    value = found->value;
  }
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
