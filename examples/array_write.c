/* Off-by-one: `<=` writes one element past the end of `squares`. */
int fill_squares(void) {
    int squares[5];
    for (int i = 0; i <= 5; i++)
        squares[i] = i * i;
    return squares[4];
}

/* The fixed loop stays inside the array. */
int fill_squares_fixed(void) {
    int squares[5];
    for (int i = 0; i < 5; i++)
        squares[i] = i * i;
    return squares[4];
}
