// expect: assert=yes overflow=yes bounds=yes null=yes free=yes use-after-free=yes leak=yes
// why: each node is null-checked; the freeing loop saves next before free, so no freed node is read
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "list_build_and_free.c", 3, "reach_error"); }
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
struct cell {
  int data;
  struct cell *next;
};
int main(void) {
  struct cell *head = 0;
  int k;
  for (k = 0; k < 3; k++) {
    struct cell *c = malloc(sizeof(struct cell));
    if (c == 0) {
      break;
    }
    c->data = __VERIFIER_nondet_int();
    c->next = head;
    head = c;
  }
  int count = 0;
  while (head != 0) {
    struct cell *next = head->next;
    free(head);
    head = next;
    count++;
  }
  __VERIFIER_assert(count <= 3);
  return 0;
}
