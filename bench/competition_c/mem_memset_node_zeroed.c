// category: MemSafety
// expect: prove=yes
// checks: bounds,null,free,use-after-free
// why: memset zeroes the whole node, so next is NULL and the guarded dereference never runs; both nodes are freed
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern void *memset(void *s, int c, unsigned long n);
extern int __VERIFIER_nondet_int(void);
struct node {
  int key;
  struct node *next;
};
int main() {
  struct node *a = malloc(sizeof(struct node));
  if (!a)
    return 0;
  memset(a, 0, sizeof(*a));
  a->key = __VERIFIER_nondet_int();
  if (a->next)
    a->next->key = 1;
  struct node b;
  memset(&b, 0, sizeof(b));
  b.next = a;
  int k = b.next->key + b.key;
  free(a);
  return k;
}
