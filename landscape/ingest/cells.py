"""What an export writes for "no value": the one test every parser of a cell starts with."""
from __future__ import annotations


def _missing(value) -> bool:
    """True for None, NaN, NaT and blank text: the ways exports write "no value"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        # NaN and NaT are the only values unequal to themselves.
        return bool(value != value)
    except TypeError:  # pandas.NA: "boolean value of NA is ambiguous"
        return True
    except ValueError:  # an array: not a missing scalar
        return False
