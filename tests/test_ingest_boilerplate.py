"""Plain-text boilerplate removal, title detection and HTML edge cases."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.errors import EmptyDocument, InputError
from frontlines.ingest import BoilerplateRules, article_from_bytes
from frontlines.ingest.boilerplate import breadcrumb_title, strip_boilerplate
from frontlines.options import Options


@pytest.fixture(scope="module")
def rules() -> BoilerplateRules:
    return BoilerplateRules.load()


def test_lexicon_lines_are_whole_line_patterns(rules):
    for line in ("Skip to content", "Share this:", "Share on Facebook", "Facebook | Twitter | WhatsApp",
                 "Follow us on Telegram", "Related articles", "Advertisement", "© 2024 The Levant Monitor",
                 "All rights reserved.", "Privacy policy | Terms of use", "3 min read", "Tags: Syria, Idlib",
                 "By Jane Doe", "Published: 6 December 2024 14:02 GMT", "December 6, 2024",
                 "Friday, 6 December 2024"):
        assert rules.is_boilerplate(line), line
    for line in ("Share prices fell in Damascus.", "The rebels shared the spoils.", "Home to 1.2 million people",
                 "Rebels advertise their advance", "By the end of 2024 the rebels held Idlib and Hama",
                 "December 6, 2024 was the day Homs fell to the rebels after a week of fighting"):
        assert not rules.is_boilerplate(line), line


def test_breadcrumbs():
    assert breadcrumb_title("Home » Syrian rebels seize fourth city") == "Syrian rebels seize fourth city"
    assert breadcrumb_title("News › Middle East › Army retakes Palmyra from IS") == "Army retakes Palmyra from IS"
    assert breadcrumb_title("Rebels and/or soldiers » fight") is None
    assert breadcrumb_title("Aleppo / Idlib / Hama: rebels advance on three fronts") is None
    assert breadcrumb_title("Home | World | Rebels seize Idlib city") == "Rebels seize Idlib city"


def test_furniture_only_at_head_and_tail(rules):
    middle = "\n\n".join(f"Paragraph {i} about the fighting near Homs went on for hours." for i in range(20))
    text = ("Skip to content\nMenu\n\nRebels enter Hama\n\n" + middle + "\n\nRelated articles\n\n" + middle
            + "\n\nShare this:\nFacebook\nTwitter\n© 2024 Example News")
    out = strip_boilerplate(text, rules)
    assert out.title == "Rebels enter Hama"
    assert out.text.startswith("Paragraph 0")
    assert "Related articles" in out.text  # in the middle of the article: kept
    assert out.text.endswith("Paragraph 19 about the fighting near Homs went on for hours.")


def test_known_title_is_removed_from_the_body(rules):
    out = strip_boilerplate("Army retakes Palmyra\n\nThe army retook Palmyra on Sunday.", rules,
                            title="Army retakes Palmyra", detect_title=False)
    assert out.title == "Army retakes Palmyra" and out.text == "The army retook Palmyra on Sunday."


def test_tag_soup_html_still_gives_text():
    soup = b"<html><body><div><p>Rebels seized <b>Idlib</p></div></span><p>The army withdrew south.</div>"
    art = article_from_bytes(soup, origin="soup.html", options=Options(), fmt="html")
    assert "Rebels seized Idlib" in art.text and "The army withdrew south." in art.text


def test_html_page_without_article_text_is_empty():
    frame = (b"<html><head><title>x</title><script>var a = 1;</script></head><body><nav><a href='/'>Home</a>"
             b"</nav><footer>All rights reserved.</footer></body></html>")
    with pytest.raises(EmptyDocument) as err:
        article_from_bytes(frame, origin="frame.html", options=Options())
    assert err.value.doc == "frame.html"


def test_lexicon_dir_extends_the_shipped_patterns(tmp_path):
    (tmp_path / "boilerplate.txt").write_text("# house style\nsupport our journalism.*\n", encoding="utf-8")
    rules = BoilerplateRules.load(str(tmp_path))
    assert rules.is_boilerplate("Support our journalism today") and rules.is_boilerplate("Skip to content")
    art = article_from_bytes(b"Rebels enter Hama\n\nRebels entered Hama on Thursday.\n\nSupport our journalism",
                             origin="a.txt", options=Options(lexicon_dir=str(tmp_path)))
    assert art.text == "Rebels entered Hama on Thursday."


def test_declared_charset_of_an_html_page():
    body = "<p>سيطرت فصائل المعارضة على مدينة أريحا في ريف إدلب بعد انسحاب قوات النظام منها.</p>" * 5
    page = f'<html><head><meta charset="windows-1256"><title>أريحا</title></head><body><article>{body}</article></body></html>'
    art = article_from_bytes(page.encode("cp1256"), origin="ar.html", options=Options())
    assert "سيطرت فصائل المعارضة على مدينة أريحا" in art.text


_DOCS = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["<p>", "</p>", "<html>", "<h1>", "Home » ", "Skip to content", "\n", "Rebels",
                              " seized ", "Idlib", ".", "ยป", "<script>", "<nav>", "\x00", "\xff", "&amp;"]),
             max_size=40).map(lambda xs: "".join(xs).encode("utf-8")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS)
def test_any_bytes_give_an_article_or_a_coded_input_error(data):
    try:
        art = article_from_bytes(data, origin="fuzz.bin", options=Options())
    except InputError as exc:
        assert exc.doc == "fuzz.bin" and "\n" not in str(exc)
    else:
        assert art.text and art.text == art.text.strip()


def test_byline_and_date_line_leave_the_body(rules):
    out = strip_boilerplate("Rebels enter Hama\nBy Jane Doe\nDecember 6, 2024\n\nRebel fighters entered Hama on "
                            "Thursday.\n\nThe army said it had redeployed.", rules)
    assert out.title == "Rebels enter Hama"
    assert out.text == "Rebel fighters entered Hama on Thursday.\n\nThe army said it had redeployed."
