"""The first letter of a user's nickname, looked up with dict.get: an empty nickname has none."""


def nickname_initial(names: dict[str, str], user: str) -> int:
    assert isinstance(names, dict) and isinstance(user, str)
    nick = names.get(user)
    if nick is None:
        return -1
    return ord(nick[0])
