// category: MemSafety (lists)
// expect: prove=yes
// checks: bounds,null,free,use-after-free,leak
// why: three nodes are pushed, checked, walked and all freed
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern void abort(void);
typedef struct node {
  int val;
  struct node *next;
} Node;
int main() {
  Node *head = 0;
  for (int i = 0; i < 3; i++) {
    Node *n = malloc(sizeof(Node));
    if (n == 0)
      abort();
    n->val = i;
    n->next = head;
    head = n;
  }
  int sum = 0;
  for (Node *p = head; p != 0; p = p->next)
    sum += p->val;
  while (head != 0) {
    Node *next = head->next;
    free(head);
    head = next;
  }
  return sum;
}
