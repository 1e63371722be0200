"""Showing a caller's value in a message, safely.

An error message names the value it refuses, but the value came from the caller: its
``repr`` may raise, or be enormous (``repr`` refuses ints of over 4,300 digits).
Every message that shows a caller's value goes through :func:`shown`, so building the
error never fails.

>>> shown("mars-1"), shown(10**5000)
("'mars-1'", '<an int of 5001 digits>')
>>> class Hostile:
...     def __repr__(self):
...         raise RuntimeError("no")
>>> shown(Hostile())
'<a Hostile object>'
>>> shown("x" * 500)[-12:]
'…(500 chars)'
"""

from __future__ import annotations

import math
from typing import Final

__all__ = ["shown", "shown_str"]

#: At most this many characters of a value's ``repr`` appear in a message.
LIMIT: Final = 200


def _type_name(value: object) -> str:
    try:
        name = type(value).__name__
    except Exception:  # pragma: no cover - a type without a name
        name = "value"
    return name if isinstance(name, str) else "value"


def _int_digits(value: int) -> int:
    magnitude = abs(value)
    if magnitude < 10:
        return 1
    estimate = int(magnitude.bit_length() * math.log10(2))
    return estimate + 1 if magnitude >= 10 ** (estimate) else estimate


def shown(value: object) -> str:
    """*value*'s ``repr`` for a message: never raises, at most about 200 characters."""
    if isinstance(value, str):
        text = repr(str.__str__(value))
        length = len(value)
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 600:
        return f"<an int of {_int_digits(int(value))} digits>"
    else:
        try:
            text = repr(value)
        except Exception:
            name = _type_name(value)
            article = "an" if name[:1].lower() in "aeiou" else "a"
            return f"<{article} {name} object>"
        if not isinstance(text, str):  # pragma: no cover - a __repr__ returning a non-str raises
            return f"<a {_type_name(value)} object>"
        length = len(text)
    if len(text) > LIMIT:
        return text[:LIMIT] + f"…({length} chars)"
    return text


def shown_str(value: object) -> str:
    """*value* as text for a message (``str``, safely): strings as they are, else :func:`shown`."""
    if isinstance(value, str):
        return str.__str__(value)
    return shown(value)
