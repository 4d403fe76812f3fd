"""A field of a fixed CSV header by position, the index checked against the field count."""


def csv_field_checked(index: int) -> int:
    assert isinstance(index, int)
    fields = "name,age,city".split(",")
    if 0 <= index < len(fields):
        return len(fields[index])
    return -1
