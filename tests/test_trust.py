"""Trust in the control record: independent outlets, doubtful articles, statuses and claims
(frontlines.trust, frontlines.timeline), with a Hypothesis property: any order of the same
reports gives the same periods and statuses."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import GOV, HTS, IDLIB, REBELS, day, event, rng

from frontlines.model import Evidence, Finding, SourceRef, to_dict
from frontlines.timeline import build_timeline, period_at
from frontlines.trust import Support, article_verdict, outlet_of, weight


def src(aid: str, outlet: str | None = None, sentence: str = "", url: str | None = None,
        origin: str = "article") -> SourceRef:
    ev = Evidence(sentence or f"report {aid}", 0, 10, aid)  # too short to be taken for a copy
    return SourceRef(origin=origin, ref_id=aid, evidence=ev, source=outlet, url=url)


def rep(eid: str, actor, when: str, *sources: SourceRef, type_: str = "control_change"):
    return dataclasses.replace(event(eid, actor=actor, when=rng(when), type_=type_), sources=sources)


def record(eid: str, actor, when: str):
    return rep(eid, actor, when, SourceRef(origin="reference", ref_id=f"ref-{eid}"))


# ------------------------------------------------------------------ outlets and weights
def test_outlets_by_name_site_or_article():
    assert outlet_of(src("a1", "Reuters")) == outlet_of(src("a2", url="https://www.reuters.com/x")) == "reuters"
    assert outlet_of(src("a3", "reuters.com")) == "reuters"
    assert outlet_of(src("a4", url="https://news.bbc.co.uk/y")) == "bbc"
    assert outlet_of(src("a5", "U.S. News")) == "usnews"
    assert outlet_of(src("a6")) == "article:a6"  # nothing says who published it: the article itself
    assert outlet_of(SourceRef(origin="acled", ref_id="SYR1")) == "acled"


def test_one_outlet_counts_once_and_copies_of_one_text_count_once():
    s = Support()
    s.add("e1", [src("a1", "Outlet A")])
    s.add("e2", [src("a2", "Outlet A")])
    assert s.outlets() == ("outleta",) and weight(s) == 1
    copy = "Government forces captured Kafr Nabl on Tuesday after heavy fighting, state media said."
    syndicated = Support()
    syndicated.add("e1", [src("a1", "Outlet A", copy)])
    syndicated.add("e2", [src("a2", "Outlet B", copy.replace("Tuesday", "Tuesday,"))])  # a near-duplicate
    assert len(syndicated.outlets()) == 1 and weight(syndicated) == 1
    syndicated.add("e3", [src("a3", "Outlet C", "Regime troops entered Kafr Nabl, a monitor reported.")])
    assert len(syndicated.outlets()) == 2 and weight(syndicated) == 2


def test_weights_of_records_and_doubtful_articles():
    ref = Support()
    ref.add("r", [SourceRef(origin="reference", ref_id="x")])
    assert weight(ref) == 3
    one = Support()
    one.add("e", [src("a1", "A")])
    assert weight(one) == 1 and weight(one, {"a1"}) == 0
    one.add("f", [src("a2", "B")])
    assert weight(one) == 2 and weight(one, {"a1"}) == 1  # a doubtful article confirms nothing
    assert weight(one, {"a1", "a2"}) == 0


def test_article_verdict_line():
    claim = Evidence("x", 0, 1)
    fs = [Finding("stale", "stale", None, claim)] * 3 + [Finding("geography", "inconsistent", None, claim),
                                                         Finding("geography", "consistent", None, claim),
                                                         Finding("corroborated", "corroborated", None, claim)]
    v = article_verdict(fs)
    assert v.doubtful and v.line() == "doubtful: 3 stale, 1 geography"
    assert not article_verdict(fs[4:]).doubtful and "not doubtful" in article_verdict([]).line()


# ------------------------------------------------------------------ statuses and claims
def test_a_single_report_never_replaces_a_confirmed_holder_and_a_second_outlet_promotes_it():
    base = [record("r1", GOV, "2017-10-21")]
    single = base + [rep("c1", REBELS, "2024-12-06", src("a1", "Outlet A"))]
    (held,) = build_timeline(IDLIB, single)
    assert held.controller.faction == "sy_government" and held.status == "confirmed" and held.end is None
    (claim,) = held.claims
    assert claim.controller.faction == "sy_opposition" and claim.status == "disputed"
    assert claim.start == day("2024-12-06") and claim.event_ids == ("c1",) and claim.sources[0].ref_id == "a1"
    # the same outlet again: still one source
    again = single + [rep("c2", REBELS, "2024-12-07", src("a2", "Outlet A"))]
    assert len(build_timeline(IDLIB, again)) == 1
    # another outlet: the claim becomes the holder, from the claim's first day
    promoted = again + [rep("c3", REBELS, "2024-12-08", src("a3", "Outlet B"))]
    old, new = build_timeline(IDLIB, promoted)
    assert (old.end, new.start, new.status) == (day("2024-12-05"), day("2024-12-06"), "confirmed")
    assert new.controller.faction == "sy_opposition" and set(new.event_ids) == {"c1", "c2", "c3"}
    assert not old.claims  # promoted, not left behind


def test_reported_holders_follow_reports_but_doubtful_articles_stay_claims():
    base = [rep("c1", REBELS, "2015-03-28", src("a1", "Outlet A"))]
    moved = build_timeline(IDLIB, base + [rep("c2", GOV, "2016-01-10", src("a2", "Outlet B"))])
    assert [(p.controller.faction, p.status) for p in moved] == [("sy_opposition", "reported"),
                                                                  ("sy_government", "reported")]
    doubted = build_timeline(IDLIB, base + [rep("c2", GOV, "2016-01-10", src("a2", "Outlet B"))], doubtful={"a2"})
    assert len(doubted) == 1 and doubted[0].controller.faction == "sy_opposition"
    assert doubted[0].status == "reported" and doubted[0].claims[0].doubtful
    # corroborated by another outlet, the doubtful article's change holds
    both = base + [rep("c2", GOV, "2016-01-10", src("a2", "Outlet B")), rep("c3", GOV, "2016-01-11", src("a3", "C"))]
    assert period_at(build_timeline(IDLIB, both, doubtful={"a2"}), day("2016-02-01")).controller.faction == \
        "sy_government"


def test_same_day_disagreement_is_disputed_and_the_heavier_side_holds():
    tie = [rep("c1", GOV, "2017-09-10", src("a1", "A")), rep("c2", HTS, "2017-09-10", src("a2", "B"))]
    (p,) = build_timeline(IDLIB, tie)
    assert p.status == "disputed" and len(p.claims) == 1
    heavier = tie + [rep("c3", HTS, "2017-09-10", src("a3", "C"))]
    (p,) = build_timeline(IDLIB, heavier)
    assert p.controller.faction == "sy_hts" and p.status == "confirmed" and p.claims[0].controller.faction == \
        "sy_government"
    # a holder's report of the same day adds to the holder: one rival source does not replace a
    # holder now confirmed by two outlets, and stays beside it
    before = [rep("c0", HTS, "2017-01-01", src("a0", "D"))]
    held = period_at(build_timeline(IDLIB, before + tie), day("2017-09-10"))
    assert held.controller.faction == "sy_hts" and held.status == "confirmed" and len(held.claims) == 1


# ------------------------------------------------------------------ order independence (Hypothesis)
HOLDERS = (GOV, REBELS, HTS)
START = date(2020, 1, 1)


@st.composite
def reports(draw):
    n = draw(st.integers(1, 9))
    events = []
    for i in range(n):
        actor = draw(st.sampled_from(HOLDERS))
        when = START + timedelta(days=draw(st.integers(0, 12)))
        kind = draw(st.sampled_from(["control_change", "control_change", "control_claim"]))
        srcs = []
        for j in range(draw(st.integers(1, 3))):
            if draw(st.integers(0, 6)) == 0:
                srcs.append(SourceRef(origin="reference", ref_id=f"r{i}.{j}"))
            else:
                outlet = draw(st.sampled_from(["A", "B", "C", None]))
                text = draw(st.sampled_from(["", "The army took the town of Idlib after fierce fighting today.",
                                             "The army took the town of Idlib after fierce fighting, today."]))
                srcs.append(src(f"a{draw(st.integers(0, 6))}", outlet, text))
        e = dataclasses.replace(event(f"e{i}", actor=actor, type_=kind, when=rng(when.isoformat()),
                                      target=draw(st.sampled_from((None, *HOLDERS)))), sources=tuple(srcs))
        events.append(e)
    doubtful = draw(st.sets(st.sampled_from([f"a{k}" for k in range(7)])))
    return events, doubtful


@settings(max_examples=300, deadline=None)
@given(reports(), st.randoms(use_true_random=False))
def test_any_order_of_the_same_reports_gives_the_same_periods(data, rnd):
    events, doubtful = data
    shuffled = list(events)
    rnd.shuffle(shuffled)
    a = build_timeline(IDLIB, events, doubtful)
    b = build_timeline(IDLIB, shuffled, doubtful)
    assert to_dict(a) == to_dict(b)
    for p in a:
        assert p.status in ("confirmed", "reported", "disputed")
        assert all(k.status == "disputed" and k.controller != p.controller for k in p.claims)
    # periods follow each other without gaps or overlaps
    for x, y in zip(a, a[1:]):
        assert x.end is not None and y.start == x.end + timedelta(days=1)


def test_an_outlet_whose_record_is_mostly_doubtful_is_unreliable():
    from frontlines.trust import unreliable_outlets

    rows = [("daily", True), ("daily", True), ("daily", False), ("wire", True), ("wire", False), ("wire", False),
            ("blog", True)]
    assert unreliable_outlets(rows, 3, 0.5) == {"daily"}  # 2 of 3; the wire 1 of 3; the blog has one article
    assert unreliable_outlets(rows, 1, 0.5) == {"daily", "blog"}
    assert unreliable_outlets(rows, 3, 0.9) == set()


def test_every_article_of_an_unreliable_outlet_counts_as_doubtful():
    from frontlines.control import _doubtful
    from frontlines.options import Options

    def src(aid, outlet):
        return SourceRef(origin="article", ref_id=aid, source=outlet)

    class Store:  # the store's answers: three articles of one outlet, two found doubtful; one of another
        options = Options(unreliable_min_articles=3, unreliable_share=0.5)

        def article_sources(self):
            return [("a1", "Made-up Daily", None), ("a2", "Made-up Daily", None), ("a3", "Made-up Daily", None),
                    ("b1", "Real Wire", None)]

        def doubtful_articles(self, ids):
            return {"a1", "a2"} & set(ids)

        def cached(self, name, build):
            return build()

    events = [dataclasses.replace(event("e1", actor=GOV), sources=(src("a3", "Made-up Daily"),)),
              dataclasses.replace(event("e2", actor=REBELS), sources=(src("b1", "Real Wire"),))]
    assert _doubtful(Store(), events) == {"a3"}  # a3 itself was not doubtful: its outlet is
    Store.options = Options(unreliable_min_articles=4, unreliable_share=0.5)
    assert _doubtful(Store(), events) == set()
