def sign(x: int) -> int:
    if x > 0:
        return 1
    if x < 0:
        return -1
    return 0


def sign_off_by_one(x: int) -> int:
    if x > 1:
        return 1
    if x < 0:
        return -1
    return 0
