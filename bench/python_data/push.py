"""Push onto a stack; the postcondition compares with the old stack (icontract OLD)."""

import icontract


@icontract.snapshot(lambda stack: list(stack), name="stack")
@icontract.ensure(lambda OLD, stack: stack[:-1] == OLD.stack)
@icontract.ensure(lambda stack, value: stack[-1] == value)
def push(stack: list[int], value: int) -> None:
    stack.append(value)
