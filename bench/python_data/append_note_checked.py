"""Append text to a note with +=, starting a note for a new key."""


def append_note_checked(notes: dict[str, str], key: str, text: str) -> int:
    assert isinstance(notes, dict) and isinstance(key, str) and isinstance(text, str)
    if key in notes:
        notes[key] += text
    else:
        notes[key] = text
    return len(notes[key])
