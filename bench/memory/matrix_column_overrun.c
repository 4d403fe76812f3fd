// expect: bounds=no
// witness: none
// fails: bounds at line 11
// why: j runs to 4 inclusive on rows of int m[3][4]: m[0][4] is outside its row
int main(void) {
  int m[3][4];
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = 0; j <= 4; j++) {
      m[i][j] = i + j; // <- fails
    }
  }
  return m[0][0];
}
