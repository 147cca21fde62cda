"""Words the time grammar is built from: month, weekday, season and number names."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a couple of": 2,
    "a dozen": 12,
}
VAGUE_COUNTS = ("a few", "few", "several", "many", "some", "a number of")

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
}
DECADE_WORDS: dict[str, int] = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def month_number(word: str) -> int | None:
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS.get(key)


def weekday_number(word: str) -> int | None:
    key = word.lower().rstrip(".")
    return WEEKDAYS.get(key, WEEKDAY_ABBREVIATIONS.get(key))


def count_value(word: str) -> int | None:
    """A small count written in digits or words; None when vague or unknown."""
    key = " ".join(word.lower().split())
    if key.isdigit():
        return int(key)
    if key in NUMBER_WORDS:
        return NUMBER_WORDS[key]
    if "-" in key:  # twenty-five
        tens, _, ones = key.partition("-")
        if tens in NUMBER_WORDS and ones in NUMBER_WORDS:
            return NUMBER_WORDS[tens] + NUMBER_WORDS[ones]
    return None


def ordinal_value(word: str) -> int | None:
    key = " ".join(word.lower().split())
    if key in ORDINALS:
        return ORDINALS[key]
    digits = key.rstrip("stndrdth")
    return int(digits) if digits.isdigit() else None


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first, in Title case and UPPER case."""
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        for form in (word.capitalize(), word.upper()):
            if form not in forms:
                forms.append(form)
    return "|".join(forms)


MONTH_FULL_RE = _alternation(list(MONTHS))
MONTH_ABBR_RE = _alternation(list(MONTH_ABBREVIATIONS))
# Abbreviations need a word boundary or a dot; "May" and "March" are only months when capitalised.
MONTH_RE = rf"(?:(?:{MONTH_FULL_RE})\b|(?:{MONTH_ABBR_RE})(?:\.|\b))"
WEEKDAY_RE = rf"(?:(?:{_alternation(list(WEEKDAYS))})\b|(?:{_alternation(list(WEEKDAY_ABBREVIATIONS))})\.)"
NUMBER_WORD_RE = "|".join(sorted((w.replace(" ", r"\s+") for w in NUMBER_WORDS), key=len, reverse=True))
VAGUE_RE = "|".join(w.replace(" ", r"\s+") for w in VAGUE_COUNTS)
ORDINAL_RE = "|".join(sorted((w.replace(" ", r"[\s-]") for w in ORDINALS), key=len, reverse=True))
