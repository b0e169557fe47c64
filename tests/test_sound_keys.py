"""Names written in other scripts are found by how they sound, not by how they transliterate."""

from __future__ import annotations

import pytest

from assistant.text.names import anchor_share, anchors, names, names_missing
from assistant.text.sound_keys import key, sounds_in, text_keys


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("clauser", "فوز جون كلوزر بجائزة نوبل"),  # Arabic writes no short vowels
        ("verstappen", "ماکس فرستاپن هلندی قهرمان مسابقات فرمول یک شد."),  # Persian: v is f
        ("bolsonaro", "حامیان ژائیر بولسونارو به کنگره حمله کردند."),
        ("biden", "美國總統乔·拜登所屬的民主黨"),  # Chinese: a name in syllables inside a run of characters
        ("vladimir", "블라디미르 푸틴 대통령"),  # Korean: vowels between consonants
        ("clauser", "Лауреатами стали Джон Клаузер и Ален Аспе"),  # Cyrillic: K for C
        ("truss", "ลิซ ทรัสส์ สืบทอดตำแหน่งผู้นำพรรคอนุรักษนิยม"),  # Thai: vowel signs are marks, not word ends
        ("kanjuruhan", "การแข่งขันกีฬาฟุตบอลที่สนามกีฬากันจูรูฮัน (ในภาพ)"),  # and words run together
        ("morbi", "இந்தியாவில் குசராத்து மாநிலம், மோர்பி நகரில்"),  # Tamil
    ],
)
def test_a_name_is_heard_in_another_script(name: str, text: str):
    assert sounds_in(name, text_keys(text))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("carolyn", "أوكرانيا"),  # Ukraine: the same consonants, but it starts with a vowel
        ("peshawar", "Після вибуху"),  # "after": Cyrillic writes its vowels, and they fall elsewhere
        ("biden", "Biden met Putin."),  # Latin text is matched by spelling (``names``), not by sound
        ("kim", "كيم"),  # two consonants meet by chance too often to count
        ("truss", "การแข่งขันกีฬาฟุตบอลที่สนามกีฬา"),  # a short name is not looked for inside a run of words
    ],
)
def test_names_that_only_share_some_consonants_do_not_meet(name: str, text: str):
    assert not sounds_in(name, text_keys(text))


def test_a_key_is_the_consonants_in_classes_scripts_confuse():
    assert key("Clauser") == key("klwzr") == "KRSR"  # c/k, s/z, l/r
    assert key("Verstappen") == key("frstpn")  # v/f, p/b, a double letter is one sound
    assert key("Aspect") == "VSPKT"  # a leading vowel is kept
    assert key("Klauzer", vowels=True) == key("Clauser", vowels=True)


def test_a_longer_name_meets_one_sound_away():
    # Chinese drops the l of "Bol-": 博索納羅 is Bo-Suo-Na-Luo.
    assert sounds_in("bolsonaro", text_keys("雅伊爾·博索納羅"))
    assert not sounds_in("biden", text_keys("拜"))


def test_names_in_arabic_persian_and_chinese_news_count_as_found():
    arabic = "فوز العالم السويدي سفانتي بابو بجائزة نوبل في الطب لعام 2022."
    assert names_missing(names("What happened with Svante Pääbo?"), arabic) == 0
    persian = "ماکس فرستاپن هلندی قهرمان مسابقات فرمول یک شد."
    assert anchor_share(anchors("Did Max Verstappen win?"), persian) == 1.0
    chinese = "由于雅伊爾·博索納羅在2022年巴西大选中输给路易斯·伊纳西奥·卢拉·达席尔瓦"
    assert names_missing(names("What did Jair Bolsonaro do in 2022?"), chinese) == 0
    assert names_missing(names("What did Emmanuel Macron do in 2022?"), chinese) == 1
