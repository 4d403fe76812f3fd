"""Running maximum that seeds the output with the first element."""

import icontract


@icontract.ensure(lambda result, xs: len(result) == len(xs))
@icontract.ensure(lambda result, xs: all(result[i] >= xs[i] for i in range(len(xs))))
def running_max_fixed(xs: list[int]) -> list[int]:
    out: list[int] = []
    for x in xs:
        if out:
            out.append(max(out[-1], x))
        else:
            out.append(x)
    return out
