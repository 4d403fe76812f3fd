"""The first letter of a user's nickname, looked up with dict.get; no or an empty nickname gives -1."""


def nickname_initial_checked(names: dict[str, str], user: str) -> int:
    assert isinstance(names, dict) and isinstance(user, str)
    nick = names.get(user)
    if nick is None:
        return -1
    if nick == "":
        return -1
    return ord(nick[0])
