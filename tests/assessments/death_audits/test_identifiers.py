"""What looks like it identifies a person: headers and values refused, codes and months let through."""

import pytest

from assessments.death_audits.identifiers import identifying_header, identifying_value


@pytest.mark.parametrize("header", [
    "nama", "Nama Ibu", "name", "NIK", "nik_ibu", "alamat", "Address", "tanggal lahir", "Tgl Lahir", "date_of_birth",
    "DOB", "tanggal meninggal", "date of death", "no. rekam medis", "No RM", "medical record number", "MRN",
    "no hp", "telepon", "umur", "nama suami",
])
def test_identifying_header_names_what_a_column_would_hold(header):
    assert identifying_header(header) is not None


@pytest.mark.parametrize("header", [
    "facility", "puskesmas", "kode puskesmas", "year", "tahun", "month", "bulan", "case_type", "jenis kasus", "place",
    "cause_group", "factors", "recommendation", "rekomendasi", "response_status",
])
def test_identifying_header_lets_the_summary_columns_through(header):
    assert identifying_header(header) is None


@pytest.mark.parametrize(("value", "says"), [
    ("5301234567890001", "NIK"),
    ("5301 2345 6789 0001", "NIK"),
    ("RM 00123456", "record"),
    ("081234567890", "record"),
    ("meninggal 12/03/2025", "exact date"),
    ("2025-03-12", "exact date"),
    ("lahir 3 Maret 2025", "exact date"),
    ("hubungi bidan@example.org", "e-mail"),
])
def test_identifying_value_names_what_it_looks_like_without_repeating_it(value, says):
    found = identifying_value(value)
    assert found is not None and says in found and value not in found


@pytest.mark.parametrize("value", ["no_running_water", "2025", "3", "Pasang wastafel dan sabun di ruang bersalin",
                                   "Latih 2 bidan tentang PPI", "kematian ibu"])
def test_identifying_value_lets_codes_and_plain_recommendations_through(value):
    assert identifying_value(value) is None
