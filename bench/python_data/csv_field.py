"""A field of a fixed CSV header by position: an index past the three fields raises IndexError."""


def csv_field(index: int) -> int:
    assert isinstance(index, int)
    fields = "name,age,city".split(",")
    return len(fields[index])
