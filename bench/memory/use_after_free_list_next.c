// expect: use-after-free=no
// witness: 1 2 3
// fails: use-after-free at line 28
// why: the freeing loop reads c->next after free(c)
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
  struct cell *c = head;
  while (c != 0) {
    free(c);
    c = c->next; // <- fails
  }
  return 0;
}
