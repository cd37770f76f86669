"""clean_text / article_id: mojibake repair, idempotence, totality (Hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.ingest import article_id, clean_text
from frontlines.ingest.clean import repair_cp874

# Text mixing the characters that matter here: ASCII, curly quotes, Thai (cp874 mojibake),
# Latin-1/cp1252 mojibake pieces, controls, odd spaces, surrogates and everything else.
_PIECES = st.sampled_from(["ยป", "â€™", "â€œ", "Ã©", "’", "‘", "“", "”", "»", "\r\n", "\n\n\n", "\t", "\x00",
                           "\u00a0", "\u200b", "\ufeff", "\ud800", "สวัสดี", "é", "&amp;", "Assad", " "])
_TEXT = st.lists(st.one_of(st.text(max_size=20), _PIECES), max_size=30).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_TEXT)
def test_clean_text_is_idempotent_and_total(s):
    once = clean_text(s)
    assert isinstance(once, str)
    assert clean_text(once) == once
    once.encode("utf-8")  # no lone surrogates survive
    assert "\x00" not in once and "\r" not in once


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_never_raises_on_any_string(s):
    out = clean_text(s)
    assert clean_text(out) == out


# Words around the quotes: ASCII, Arabic and CJK. (Latin-1 letters are left out on purpose: "Î”" IS
# the classic mojibake of "Δ", and repairing it is the point of ftfy.)
_WORDS = st.text(alphabet=st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-()'\"ادلبحمصدمشق叙利亚"), max_size=60)


@settings(max_examples=200, deadline=None)
@given(_WORDS)
def test_curly_quotes_are_kept(s):
    text = f"“{s}” and Assad’s ‘rule’"
    out = clean_text(text)
    assert "“" in out and "”" in out and "’" in out and "‘" in out


def test_cp874_mojibake_is_repaired():
    assert clean_text("Home ยป Syrian rebels") == "Home » Syrian rebels"
    # every UTF-8 punctuation mark read as windows-874 comes back
    for ch in "’“”–—€…»«é":
        broken = "".join(chr(b) if 0x80 <= b <= 0x9f and b not in (0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97)
                         else bytes([b]).decode("cp874") for b in ch.encode("utf-8"))
        assert clean_text(f"Assad{broken}s rule") == f"Assad{ch}s rule", (ch, broken)


def test_cp1252_and_latin1_mojibake_is_repaired():
    assert clean_text("Assadâ€™s regime") == "Assad’s regime"
    assert clean_text("â€œThe rebelsâ€\x9d said") == "“The rebels” said"
    assert clean_text("CafÃ© in Aleppo") == "Café in Aleppo"
    assert clean_text("Assad’s".encode("utf-8").decode("cp1252")) == "Assad’s"


def test_genuine_thai_and_other_scripts_are_left_alone():
    thai = "กรุงเทพมหานคร ยกเลิก ประชุม"
    assert clean_text(thai) == thai
    assert repair_cp874(thai) == thai
    arabic = "سيطرت قوات المعارضة على مدينة إدلب"
    assert clean_text(arabic) == arabic


def test_whitespace_and_controls():
    assert clean_text("  a\u00a0 b\t c \r\n\r\n\r\n\r\nd\x07e  ") == "a b c\n\nde"
    assert clean_text("one\ntwo\n\nthree") == "one\ntwo\n\nthree"  # line and paragraph breaks kept
    assert clean_text("\ufeffzero\u200bwidth") == "zerowidth"


def test_article_id_ignores_case_quotes_and_whitespace():
    a = article_id("Assad’s forces   still control\n\nthe capital.")
    assert a == article_id("assad's forces still control the capital.")
    assert a == article_id("ASSAD’S FORCES STILL CONTROL\nTHE CAPITAL.")
    assert a != article_id("Assad's forces still control the coast.")
    assert len(a) == 16 and int(a, 16) >= 0
