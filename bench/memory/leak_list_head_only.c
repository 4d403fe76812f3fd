// expect: leak=no
// witness: none
// fails: leak at line 13
// why: only the head of a two-cell list is freed; the second cell is lost
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
struct cell {
  int data;
  struct cell *next;
};
int main(void) {
  struct cell *second = malloc(sizeof(struct cell)); // <- fails
  if (second == 0) {
    return 0;
  }
  second->next = 0;
  struct cell *head = malloc(sizeof(struct cell));
  if (head == 0) {
    free(second);
    return 0;
  }
  head->next = second;
  free(head);
  return 0;
}
