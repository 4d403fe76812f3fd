"""Append text to a note with +=: a key without a note raises KeyError."""


def append_note(notes: dict[str, str], key: str, text: str) -> int:
    assert isinstance(notes, dict) and isinstance(key, str) and isinstance(text, str)
    notes[key] += text
    return len(notes[key])
