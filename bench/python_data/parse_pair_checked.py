"""Split "key=value" at the first "=", refusing a line without one (deal.raises)."""

import deal


@deal.raises(ValueError)
@deal.ensure(lambda line, result: result[0] + "=" + result[1] == line)
def parse_pair_checked(line: str) -> tuple[str, str]:
    at = line.find("=")
    if at < 0:
        raise ValueError("no '=' in line")
    return (line[:at], line[at + 1:])
