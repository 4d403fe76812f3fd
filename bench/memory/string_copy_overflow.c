// expect: bounds=no
// witness: none
// fails: bounds at line 10
// why: the source literal has 8 chars plus its terminator and dst only 4
int main(void) {
  char src[] = "overflow";
  char dst[4];
  int i = 0;
  while (src[i] != '\0') {
    dst[i] = src[i]; // <- fails
    i++;
  }
  return dst[0];
}
