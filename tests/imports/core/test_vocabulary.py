"""Folding Thai for matching; the vocabulary is data and every synonym reaches its choice."""

from uplift.imports.core.vocabulary import data, fold, vocabulary


def test_fold_ignores_tone_marks_spacing_punctuation_case_and_digit_script():
    assert fold("ผู้ผลิตรายเดี่ยว") == fold("ผู้ผลิต รายเดียว") == fold("ผู้ผลิต-รายเดียว.")
    assert fold("SMEs") == "smes" and fold("ปี ๒๕๖๓") == "ปี2563"


def test_every_synonym_in_the_data_matches_its_own_choice():
    for name in ("kind", "category", "unit"):
        table = data()[name]
        for canonical, synonyms in table.items():
            for word in synonyms:
                assert vocabulary(name).match(word) == canonical, (name, word)
    assert data()["version"] >= 1
