// expect: yes
// why: *a rises by one each round until it reaches 10; *b (a distinct object) never feeds back
void walk(int *a, int *b) {
  while (*a < 10) { *a = *a + 1; *b = *b - 1; }
}
