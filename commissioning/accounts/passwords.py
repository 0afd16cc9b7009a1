"""Passwords people could guess: NCSC's deny list goes beyond the common-password list to the
patterns attackers try first (a common word with digits or symbols added, keyboard runs,
repeated characters, and the name of the service or the council)."""
import re

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

SEQUENCES = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz", "qazwsxedc")
GENERIC_NAME_WORDS = {"city", "council", "county", "borough", "district", "metropolitan", "royal", "the", "of", "and"}
LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"})


def _core(password: str) -> str:
    """The password without the digits and symbols people add to the start or end of a word."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())


def keyboard_run_share(password: str) -> float:
    """The share of characters in runs of three or more neighbouring keys or letters, either way."""
    text = password.lower()
    covered = [False] * len(text)
    for sequence in SEQUENCES:
        for line in (sequence, sequence[::-1]):
            for start in range(len(text)):
                end = start
                while end + 1 < len(text) and (pair := text[end:end + 2]) and pair in line:
                    end += 1
                if end - start >= 2:
                    for i in range(start, end + 1):
                        covered[i] = True
    return sum(covered) / len(text) if text else 0.0


def names_to_refuse() -> set[str]:
    """The service's and council's names (the first run's council, else the setting), whole and by
    each distinctive word."""
    from .selectors import council_name

    names = set()
    for name in (settings.SERVICE_NAME, council_name()):
        words = re.findall(r"[a-z]+", name.lower())
        names.add("".join(words))
        names.update(w for w in words if len(w) >= 4 and w not in GENERIC_NAME_WORDS)
    return {n for n in names if n}


class GuessablePatternValidator:
    """Refuse passwords built from a guessable pattern (NCSC password guidance, 2018)."""

    def __init__(self):
        self.common = CommonPasswordValidator().passwords

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        core = _core(password)
        if core != lowered and (core in self.common or core.translate(LEET) in self.common):
            raise ValidationError("This password is a common password with numbers or symbols added. "
                                  "Choose three or more random words instead.", code="password_common_variant")
        if lowered.translate(LEET) in self.common:
            raise ValidationError("This password is a common password with letters swapped for numbers or "
                                  "symbols. Choose three or more random words instead.", code="password_common_variant")
        if len(set(lowered)) <= max(3, len(lowered) // 4):
            raise ValidationError("This password repeats the same few characters. Choose three or more random "
                                  "words instead.", code="password_repeated")
        if keyboard_run_share(password) >= 0.6:
            raise ValidationError("This password is mostly a run of keys or letters in order. Choose three or "
                                  "more random words instead.", code="password_sequence")
        letters = re.sub(r"[^a-z]", "", lowered)
        for name in names_to_refuse():
            if name in letters and len(letters.replace(name, "")) < 8:
                raise ValidationError("This password is mostly the name of this service or the council. Choose "
                                      "three or more random words instead.", code="password_service_name")

    def get_help_text(self) -> str:
        return ("Your password cannot be a common password, a common password with numbers or symbols added, "
                "a run of keys, repeated characters or the name of this service or the council.")
