// category: MemSafety
// expect: prove=yes
// checks: bounds,null,free,use-after-free
// why: memset and memcpy stay inside the 8-int blocks
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern void *memset(void *s, int c, unsigned long n);
extern void *memcpy(void *dest, const void *src, unsigned long n);
int main() {
  int local[8];
  int *heap = malloc(8 * sizeof(int));
  if (!heap)
    return 0;
  memset(local, 0, sizeof(local));
  local[3] = 5;
  memcpy(heap, local, 8 * sizeof(int));
  int r = heap[3] + heap[7];
  free(heap);
  return r;
}
