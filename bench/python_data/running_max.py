"""Running maximum that reads the last output before there is one."""

import icontract


@icontract.ensure(lambda result, xs: len(result) == len(xs))
def running_max(xs: list[int]) -> list[int]:
    out: list[int] = []
    for x in xs:
        out.append(max(out[-1], x))
    return out
