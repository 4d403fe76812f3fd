// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: at most three nodes of data 0..10 are linked, summed by a null-terminated walk and freed next-first
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_sum_traverse.c", 3, "reach_error"); }
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
  for (i = 0; i < 3; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = __VERIFIER_nondet_int();
    __VERIFIER_assume(n->data >= 0 && n->data <= 10);
    n->next = head;
    head = n;
  }
  int sum = 0;
  struct node *p;
  for (p = head; p; p = p->next) {
    sum += p->data;
  }
  __VERIFIER_assert(sum <= 30);
  while (head) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
