"""What looks like it identifies a woman or a baby: column names and cell values refused on entry.

Audits are confidential and no-name, no-blame; washfit keeps only de-identified summaries. A
file or a form field that carries a name, a NIK, an address, an exact date or a record or phone
number is refused whole, with the reason and the place but never the value itself (so the value
reaches neither the screen, nor a log, nor the audit trail).
"""

from __future__ import annotations

import re

from assessments.i18n.labels import N_

# Words of a column header (lower case, split on anything but letters and digits) that name
# identifying data, with the message id that says what it looks like and what to do.
_IDENTIFYING_HEADERS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"nama", "name", "nm"}),
     N_("looks like names, which identify a person: remove the column")),
    (frozenset({"nik", "ktp", "kk", "bpjs", "jkn"}),
     N_("looks like identity or insurance numbers (NIK, KK, BPJS): remove the column")),
    (frozenset({"alamat", "address", "rt", "rw", "desa", "kelurahan", "dusun", "village"}),
     N_("looks like addresses, which identify a person: remove the column")),
    (frozenset({"tanggal", "tgl", "date", "dob", "lahir", "birth", "birthday", "meninggal", "death"}),
     N_("looks like exact dates of birth or death: keep only the month and year columns")),
    (frozenset({"rm", "mrn", "medis", "medical", "record", "register", "registrasi"}),
     N_("looks like medical record numbers: remove the column")),
    (frozenset({"telepon", "telp", "phone", "hp", "wa", "whatsapp", "email"}),
     N_("looks like phone numbers or e-mail addresses: remove the column")),
    (frozenset({"umur", "usia", "age", "suami", "husband", "ayah", "mother", "father"}),
     N_("looks like details of a person (age, relatives): remove the column")),
)

_DIGIT_RUN = re.compile(r"\d[\d .\-]{6,}\d")
_DATE = re.compile(
    r"\b(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})\b"
    r"|\b\d{1,2}\s+(jan|feb|mar|apr|mei|may|jun|jul|agu|aug|sep|okt|oct|nov|des|dec)[a-z]*\.?\s+\d{4}\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", re.IGNORECASE)


def header_words(header: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", header.lower()))


def identifying_header(header: str) -> str | None:
    """What the column header ``header`` looks like it holds, if that identifies a person."""
    words = header_words(header)
    for markers, what in _IDENTIFYING_HEADERS:
        if words & markers:
            return what
    return None


def identifying_value(value: str) -> str | None:
    """What the text ``value`` looks like, if it identifies a person (a NIK, an exact date ...)."""
    for run in _DIGIT_RUN.findall(value):
        digits = re.sub(r"\D", "", run)
        if len(digits) == 16:
            return N_("looks like a NIK (a 16-digit number), which identifies a person: remove it")
        if len(digits) >= 8 and not _DATE.fullmatch(run.strip()):
            return N_("looks like a record, NIK or phone number: remove it")
    if _DATE.search(value):
        return N_("looks like an exact date: give only the month and year, in their own columns")
    if _EMAIL.search(value):
        return N_("looks like an e-mail address: remove it")
    return None
