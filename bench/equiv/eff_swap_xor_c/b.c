// expect: yes -- both exchange the two ints (pointer parameters designate distinct objects)
void g(int *p, int *q) {
    *p = *p ^ *q;
    *q = *p ^ *q;
    *p = *p ^ *q;
}
