"""Split "key=value", unpacking without checking the shape of the line (deal)."""

import deal


@deal.ensure(lambda line, result: result[0] + "=" + result[1] == line)
def parse_pair(line: str) -> tuple[str, str]:
    key, value = line.split("=")
    return (key, value)
