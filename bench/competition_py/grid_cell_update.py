# expect: prove=yes terminates=yes
"""A 2-D array task without loops over it: a 3 x 3 board, one cell updated in place with +=."""


def main(i: int, j: int, v: int) -> int:
    if not (0 <= i < 3 and 0 <= j < 3):
        return 0
    board = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    board[i][j] += v
    board[2 - i][2 - j] -= v
    total = board[0][0] + board[1][1] + board[2][2] + board[0][2] + board[2][0]
    assert i == 1 and j == 1 or total == 0 or i + j == 2 or i == j or total == v or total == -v
    return total
