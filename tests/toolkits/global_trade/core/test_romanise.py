from uplift.toolkits.global_trade.core.romanise import propose_english_title, romanise


def test_silk_ikat_is_romanised_word_by_word():
    # PyThaiNLP thai2rom_onnx: ผ้าไหม → phamai, มัดหมี่ → matmi
    assert romanise("ผ้าไหมมัดหมี่") == "phamai matmi"


def test_an_english_title_is_proposed_only_when_missing():
    assert propose_english_title("ผ้าไหมมัดหมี่") == "Phamai Matmi"
    assert propose_english_title("ผ้าไหมมัดหมี่ OTOP 2 เมตร") == "Phamai Matmi OTOP 2 Met"
    assert propose_english_title("ผ้าไหมมัดหมี่", "Mudmee Silk") == "Mudmee Silk"


def test_each_string_is_romanised_once():
    romanise.cache_clear()
    romanise("น้ำพริกเผา")
    romanise("น้ำพริกเผา")
    assert (romanise.cache_info().hits, romanise.cache_info().misses) == (1, 1)
