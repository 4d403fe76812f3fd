"""A prefix check that compares lengths first."""


def starts_with_checked(s: str, prefix: str) -> bool:
    """Whether s begins with prefix.

    post: __return__ == s.startswith(prefix)
    """
    if len(prefix) > len(s):
        return False
    for i in range(len(prefix)):
        if s[i] != prefix[i]:
            return False
    return True
