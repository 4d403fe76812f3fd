"""A prefix check that reads past the end of a shorter string."""


def starts_with(s: str, prefix: str) -> bool:
    """Whether s begins with prefix.

    post: __return__ == s.startswith(prefix)
    """
    for i in range(len(prefix)):
        if s[i] != prefix[i]:
            return False
    return True
