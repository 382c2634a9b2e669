"""Search: 1- to 6-character queries agree with a plain LIKE scan, newest first, paged."""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import date

import pytest

from desktop.domain import text
from desktop.domain.case_format import parse_case
from desktop.domain.errors import ValidationError
from desktop.services.demo_data import case_document
from desktop.storage import cases as case_repo
from desktop.storage import search
from desktop.storage.cases import CaseFilter


def listed(db, query, **filters):
    """The case list's pks for a search (and filters), newest first."""
    rows = case_repo.list_cases(db, CaseFilter(search=query, **{
        k: v for k, v in filters.items() if k not in ("limit", "after")}),
        sort="number", limit=filters.get("limit", 50), after=filters.get("after"))
    return [r.pk for r in rows]

TODAY = date(2026, 11, 22)


@pytest.fixture(params=["merged", "pending"])
def filled(request, service, mediator, monkeypatch):
    """120 cases, in the FTS indexes (merged) or all still waiting to be merged (pending):
    every search test runs against both, so the two ways of matching agree."""
    if request.param == "pending":
        monkeypatch.setattr(search, "MERGE_AT", 10**6)
    rng = random.Random(7)
    docs = [case_document(rng, date(2026, 1, 5) + (TODAY - date(2026, 1, 5)) * i // 120, TODAY)
            for i in range(120)]
    service.register_many([parse_case(d, today=TODAY) for d in docs], mediator)
    db = service.station.read()
    assert search.pending_count(db) == (120 if request.param == "pending" else 0)
    return db


def test_new_cases_wait_then_merge_into_the_indexes(service, mediator):
    rng = random.Random(9)
    docs = [case_document(rng, TODAY, TODAY) for _ in range(search.MERGE_AT)]
    for doc in docs[:-1]:
        service.register(doc, mediator)
    db = service.station.read()
    assert search.pending_count(db) == search.MERGE_AT - 1
    name = parse_case(docs[3], today=TODAY).parties[0].name
    before = search.search_pks(db, name, limit=100)
    assert 4 in before and before == like_oracle(db, search.normalise(name))
    service.register(docs[-1], mediator)  # the one that makes the set full merges it
    assert search.pending_count(db) == 0
    assert db.execute("SELECT count(*) FROM case_fts_tri WHERE case_fts_tri MATCH ?",
                      [f'"{search.normalise(name)}"']).fetchone()[0] >= 1
    assert search.search_pks(db, name, limit=100) == before


def like_oracle(db, term: str) -> list[int]:
    """The reference: every case whose search text contains the term."""
    return [r[0] for r in db.execute(
        "SELECT pk FROM case_search WHERE instr(body, ?) > 0 ORDER BY pk DESC",
        [search.normalise(term)])]


def sample_terms(db, rng: random.Random) -> list[str]:
    names = [r[0] for r in db.execute("SELECT name FROM parties")]
    ids = [r[0] for r in db.execute("SELECT id_number FROM parties WHERE id_number IS NOT NULL")]
    terms = []
    for name in rng.sample(names, 30):
        for size in (1, 2, 3, 6):
            if len(name) >= size:
                start = rng.randrange(len(name) - size + 1)
                terms.append(name[start:start + size])
    terms += [i[6:12] for i in rng.sample(ids, 10)] + ["有限", "公司", "工资", "x"]
    return terms


def test_every_query_length_matches_the_like_scan(filled):
    rng = random.Random(3)
    terms = sample_terms(filled, rng)
    found = 0
    for term in terms:
        hits = search.search_pks(filled, term, limit=1000)
        assert hits == like_oracle(filled, term), term
        found += bool(hits)
    assert len(terms) > 100 and found > len(terms) * 0.9  # compared on real hits, not []


def test_two_character_given_names_are_found(filled):
    name = next(r[0] for r in filled.execute("SELECT name FROM parties WHERE kind = 'worker' "
                                             "AND length(name) = 2"))
    hits = search.search_pks(filled, name, limit=1000)
    assert hits and hits == like_oracle(filled, name)


def test_terms_are_anded(filled):
    row = filled.execute("SELECT p.name, c.pk FROM parties p JOIN cases c ON c.pk = p.case_pk "
                         "WHERE p.kind = 'employer' LIMIT 1").fetchone()
    fragment = row[0][2:6]
    both = search.search_pks(filled, f"{fragment} 工资", limit=1000)
    expected = sorted(set(like_oracle(filled, fragment)) & set(like_oracle(filled, "工资")),
                      reverse=True)
    assert both == expected and row[1] in like_oracle(filled, fragment)
    # Two common terms, so that AND differs from either term alone (and from OR).
    wages = set(like_oracle(filled, "工资"))
    pairs = [(term, set(like_oracle(filled, term))) for term in ("王", "张", "建筑", "劳务")]
    pairs = [(term, hits) for term, hits in pairs
             if hits & wages and hits - wages and wages - hits]
    assert pairs
    for term, hits in pairs:
        assert search.search_pks(filled, f"{term} 工资", limit=1000) == sorted(
            hits & wages, reverse=True), term


def test_paging_walks_all_hits_newest_first(filled):
    everything = search.search_pks(filled, "公司", limit=1000)
    pages, cursor = [], None
    while True:
        page = search.search_pks(filled, "公司", limit=25, before_pk=cursor)
        if not page:
            break
        pages.extend(page)
        cursor = page[-1]
    assert pages == everything == sorted(everything, reverse=True)


def test_full_width_and_case_insensitive(filled):
    some_id = filled.execute("SELECT id_number FROM parties WHERE id_number LIKE '%X' "
                             "LIMIT 1").fetchone()[0]
    expected = like_oracle(filled, some_id[-6:])
    assert expected
    assert search.search_pks(filled, some_id[-6:].lower(), limit=1000) == expected
    uscc = filled.execute("SELECT uscc FROM parties WHERE uscc GLOB '*[A-Z][A-Z]*' "
                          "LIMIT 1").fetchone()[0]
    fragment = uscc[6:14]  # digits and capital letters, e.g. 13MAGFWA
    wide = "".join(chr(ord(c) + 0xFEE0) for c in fragment.lower())  # ｍａｇｆ…: full width
    expected = like_oracle(filled, fragment)
    assert expected and fragment != fragment.lower()
    for typed in (fragment, fragment.lower(), wide):
        assert search.search_pks(filled, typed, limit=1000) == expected, typed


def test_case_list_by_exact_number_status_filter_and_quotes(filled):
    first = filled.execute("SELECT case_no, status FROM cases ORDER BY pk LIMIT 1").fetchone()
    rows = case_repo.list_cases(filled, CaseFilter(search=first[0]))
    assert [r.case_no for r in rows] == [first[0]]
    company = like_oracle(filled, "公司")
    _write(filled, "UPDATE cases SET status = 'accepted' WHERE pk = ?", company[1])
    rows = case_repo.list_cases(filled, CaseFilter(search="公司", status="accepted"))
    assert [r.pk for r in rows] == [company[1]]  # the filter picks the one accepted case
    rows = case_repo.list_cases(filled, CaseFilter(search="公司", status="registered"), limit=5)
    assert len(rows) == 5 and company[1] not in [r.pk for r in rows]
    assert all(r.status == "registered" for r in rows)
    assert case_repo.list_cases(filled, CaseFilter(search='"')) == []
    assert case_repo.list_cases(filled, CaseFilter(search="   ")) != []  # blank = plain list


def test_tombstoned_cases_are_never_found(filled):
    """A deleted (tombstoned) case disappears from search and the list at once."""
    target = filled.execute("SELECT pk, case_no FROM cases ORDER BY pk LIMIT 1").fetchone()
    name = filled.execute("SELECT name FROM parties WHERE case_pk = ? ORDER BY position",
                          [target[0]]).fetchone()[0]
    assert target[0] in listed(filled, name, limit=500)
    _write(filled, "UPDATE cases SET deleted = 1 WHERE pk = ?", target[0])
    assert target[0] not in listed(filled, name, limit=500)
    assert target[0] not in search.search_pks(filled, name, limit=500)
    assert listed(filled, target[1]) == []


def _write(reader, sql, *params):
    """Change the file behind the reader's back (the reader itself cannot write)."""
    writer = sqlite3.connect(reader.conn.execute("PRAGMA database_list").fetchone()[2])
    with writer:
        writer.execute(sql, params)
    writer.close()


def test_station_name_does_not_match_every_case(filled):
    # The short name 王舍人 is in every case number; searching 王 must find people named 王.
    hits = search.search_pks(filled, "王", limit=1000)
    assert 0 < len(hits) < 120


def test_one_and_two_character_phrases_do_not_span_fields(filled):
    names = filled.execute("SELECT a.name, b.name FROM parties a JOIN parties b "
                           "ON a.case_pk = b.case_pk AND b.position = a.position + 1 "
                           "LIMIT 20").fetchall()
    assert len(names) == 20
    for first, second in names:
        across = first[-1] + second[0]  # the end of one name and the start of the next
        assert search.search_pks(filled, across, limit=1000) == like_oracle(filled, across)


def test_short_terms_with_punctuation_are_exact(filled):
    summary = filled.execute("SELECT summary FROM cases LIMIT 1").fetchone()[0]
    assert like_oracle(filled, summary[-2:]) and like_oracle(filled, "，")
    for term in (summary[-2:], "，", "-1"):
        assert search.search_pks(filled, term, limit=1000) == like_oracle(filled, term), term


def test_case_numbers_as_people_type_them(filled):
    pk, year, seq, status = filled.execute(
        "SELECT pk, year, seq_no, status FROM cases ORDER BY pk LIMIT 1 OFFSET 7").fetchone()
    for typed in (f"王舍人劳人调字〔{year}〕第{seq}号", f"劳人调字〔{year}〕第{seq}号",
                  f"({year})第{seq}号", f"[{year}]{seq}", f"{year}-{seq}"):
        assert listed(filled, typed) == [pk], typed
    other = "refused" if status != "refused" else "registered"
    assert listed(filled, f"{year}-{seq}", status=other) == []
    assert listed(filled, f"{year}-{seq}", after=(pk,)) == []
    plan = " ".join(r[3] for r in filled.execute(
        "EXPLAIN QUERY PLAN SELECT pk FROM cases WHERE series = 'case' AND year = ? AND "
        "seq_no = ? AND deleted = 0", [year, seq]))
    assert "USING INDEX" in plan and "SCAN" not in plan


def test_landline_found_with_or_without_dash(service, mediator, collective_doc):
    service.register(collective_doc, mediator)  # the employer gives 0531-88776655
    db = service.station.read()
    assert search.search_pks(db, "053188776655", limit=10) == [1]
    assert search.search_pks(db, "0531-88776655", limit=10) == [1]


def test_searches_within_the_limits_answer(filled):
    """8 words and 50 characters (measured after NFKC, so full-width letters count once)."""
    name = filled.execute("SELECT name FROM parties WHERE kind = 'worker'").fetchone()[0]
    eight = " ".join([name] * text.SEARCH_MAX_WORDS)
    assert search.search_pks(filled, eight, limit=1000) == like_oracle(filled, name)
    wide = "Ａ" * text.SEARCH_MAX_CHARS  # 50 full-width letters, 50 after NFKC
    assert search.search_pks(filled, wide, limit=10) == []


@pytest.mark.parametrize("query", [
    "x " * 501,  # was: OperationalError "too many terms in compound SELECT"
    "ab" * 16383,  # was: 5.8 s on the trigram index
    "a" * (text.SEARCH_MAX_CHARS + 1),
    " ".join("abcdefghi"),  # nine words, 17 characters
], ids=["501 words", "32k characters", "51 characters", "9 words"])
def test_searches_beyond_the_limits_are_refused_before_any_query(filled, query):
    started = time.perf_counter()
    for ask in (lambda: search.search_pks(filled, query, limit=10),
                lambda: case_repo.list_cases(filled, CaseFilter(search=query)),
                lambda: case_repo.count_cases(filled, CaseFilter(search=query))):
        with pytest.raises(ValidationError) as err:
            ask()
        assert err.value.where == "search" and err.value.exit_code == 2
        assert "搜索" in err.value.zh and ("过长" in err.value.zh or "过多" in err.value.zh)
    assert time.perf_counter() - started < 1
