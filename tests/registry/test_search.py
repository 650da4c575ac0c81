import pytest

from uplift.registry.search import query_terms, search_text_for
from uplift.registry.selectors import EntrepreneurFilters, entrepreneur_list


def test_every_word_cut_from_a_name_is_found_in_its_search_text():
    name = "กลุ่มทอผ้าไหมบ้านนาโพธิ์ ๒"
    text = search_text_for(name_th=name, name_en="Ban Na Pho Silk", phone="081-234-5678")
    assert {"ผ้าไหม", "บ้าน", "2"} <= set(query_terms(name))
    for word in [*query_terms(name), "silk", "0812345678"]:
        assert word in text


def test_query_of_digits_is_one_term_and_thai_digits_are_read():
    assert query_terms("081-234-5678") == ["0812345678"]
    assert query_terms("๐๘๑ ๒๓๔ ๕๖๗๘") == ["0812345678"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["บาติก", "บาติกป่าตอง", "ป่าตอง บาติก", "patong", "0835561000015", "076-123-456"])
def test_search_finds_by_thai_words_english_id_and_phone(world, query):
    found = list(entrepreneur_list(user=world.admin, filters=EntrepreneurFilters(q=query)))
    assert found == [world.phuket]


@pytest.mark.django_db
def test_search_words_must_all_match(world):
    assert not entrepreneur_list(user=world.admin, filters=EntrepreneurFilters(q="บาติก สันกำแพง")).exists()


def test_search_text_of_a_whole_column_is_the_same():
    import polars as pl

    from uplift.registry.search import search_text_expr

    rows = [("กลุ่มทอผ้า  ๒ บ้าน", "Ban  NA", "0123456789012", "๐๘๑-234-5678"), ("ก", "", "", ""),
            ("X Y", "", "", "02 123"), ("กลุ่ม", "", "1234567890123", ""), ("", "Only English", "", "")]
    frame = pl.DataFrame(rows, schema=["name_th", "name_en", "id_number", "phone"], orient="row")
    assert frame.select(search_text_expr()).to_series().to_list() == [
        search_text_for(name_th=a, name_en=b, id_number=c, phone=d) for a, b, c, d in rows]
