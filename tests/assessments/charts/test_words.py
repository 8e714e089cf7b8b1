"""The words on the charts."""

from assessments.charts import words


def test_domain_key_never_breaks_a_domain_name_across_lines(mini_set):
    key = words.domain_key(mini_set, "en")
    assert key == "W\u00a0Water · HH\u00a0Hand\u00a0hygiene"
