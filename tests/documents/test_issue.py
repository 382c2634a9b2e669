"""Issuing documents: every form for the cases the law allows it, as real PDFs checked with
real tools (pdftotext, pdffonts, pyHanko's validator)."""

from __future__ import annotations

import re

import pytest

from desktop.documents import fonts, signing
from desktop.domain.errors import PermissionDenied, TransitionError, ValidationError
from desktop.services import documents as doc_svc
from desktop.services import verification
from tests.documents.conftest import SCENARIOS, pdffonts, pdftotext

CLOSING = fonts.NO_LINE_START


def _offered(station, case_no, user):
    return [o for o in doc_svc.listing(station, case_no, user).offers if o.offered]


def test_every_form_is_offered_somewhere_and_renders(station, admin, make_case, tmp_path):
    cases = {name: make_case(name) for name in SCENARIOS}
    catalogue = doc_svc.catalogue(station)
    assert catalogue.problems == ()
    assert len(catalogue.forms) >= 19
    rendered: set[str] = set()
    for name, case_no in cases.items():
        for offer in _offered(station, case_no, admin):
            if offer.missing:
                continue
            issued = doc_svc.issue(station, case_no, offer.code, admin)
            text = pdftotext(issued.path)
            assert offer.title in text.replace(" ", ""), (name, offer.code)
            assert case_no in text.replace(" ", ""), (name, offer.code)
            for line in text.splitlines():
                first = line.strip()[:1]
                assert not first or first not in CLOSING, (name, offer.code, line)
            assert "None" not in text and "{{" not in text, (name, offer.code)
            rendered.add(offer.code)
    assert rendered == set(catalogue.forms), set(catalogue.forms) - rendered


def test_agreement_text_fonts_and_signature(station, admin, make_case):
    case_no = make_case("agreement")
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    text = pdftotext(issued.path).replace(" ", "")
    for expected in ("张建军", "济南鑫达建筑劳务有限公司", "人民币壹万陆仟元整", "¥16,000.00",
                     "人民币壹仟陆佰捌拾元零叁角贰分", "¥1,680.32", "二〇二六年十一月二十二日",
                     "王舍人劳人调〔2026〕协字第1号", "一式三份", "调解员：王建国"):
        assert expected in text, expected
    listed = pdffonts(issued.path)
    for name in ("FandolFang", "NotoSerifCJKsc-Black"):
        line = next(x for x in listed.splitlines() if name in x)
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, unicode
    assert not any(line.split()[-5:-4] == ["no"] for line in listed.splitlines()[2:]), listed
    verdict = signing.verify_pdf(issued.path.read_bytes(),
                                 signing.trust_roots(station.paths.root))
    assert verdict.ok and verdict.self_issued and not verdict.county


def test_reissue_makes_a_new_version_and_keeps_the_old(station, admin, make_case):
    case_no = make_case("agreement")
    first = doc_svc.issue(station, case_no, "agreement", admin)
    second = doc_svc.issue(station, case_no, "agreement", admin)
    assert (first.document.version, second.document.version) == (1, 2)
    assert first.document.number == second.document.number
    assert first.document.uid != second.document.uid
    assert first.path.is_file() and second.path.is_file() and first.path != second.path
    versions = [d.version for d in doc_svc.listing(station, case_no, admin).issued]
    assert versions == [1, 2]
    # Another case's agreement takes the next number of the series.
    other = doc_svc.issue(station, make_case("agreement"), "agreement", admin)
    assert other.document.number.endswith("协字第2号")


def test_missing_fields_are_listed_and_nothing_is_issued(station, admin, make_case, single_doc):
    single_doc["applicants"][0].pop("address", None)
    case_no = make_case("agreement", applicants=single_doc["applicants"])
    with pytest.raises(ValidationError) as err:
        doc_svc.issue(station, case_no, "agreement", admin)
    assert "住址" in err.value.zh and "张建军" in err.value.zh
    assert doc_svc.listing(station, case_no, admin).issued == []


def test_a_form_the_law_does_not_allow_is_refused(station, admin, make_case):
    entrusted = make_case("court_entrusted")
    codes = {o.code for o in _offered(station, entrusted, admin)}
    assert "review_application" not in codes and "confirmation_application" not in codes
    with pytest.raises(TransitionError):
        doc_svc.issue(station, entrusted, "review_application", admin)
    with pytest.raises(TransitionError):
        doc_svc.issue(station, make_case("registered"), "agreement", admin)


def test_viewers_cannot_issue(station, viewer, make_case):
    with pytest.raises(PermissionDenied):
        doc_svc.issue(station, make_case("agreement"), "agreement", viewer)


def test_rare_name_characters_print_and_unprintable_ones_are_refused(
        station, admin, make_case, single_doc):
    single_doc["applicants"][0]["name"] = "赵堃喆"
    case_no = make_case("agreement", applicants=single_doc["applicants"])
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    assert "赵堃喆" in pdftotext(issued.path).replace(" ", "")
    assert "NotoSerifCJKsc-Regular" in pdffonts(issued.path)  # the supplement font
    single_doc["applicants"][0]["name"] = "王𠀾"  # CJK Extension B: no shipped font has it
    case_no = make_case("agreement", applicants=single_doc["applicants"])
    with pytest.raises(ValidationError) as err:
        doc_svc.issue(station, case_no, "agreement", admin)
    assert "𠀾" in err.value.zh


def test_one_changed_byte_fails_verification(station, admin, make_case, tmp_path):
    issued = doc_svc.issue(station, make_case("agreement"), "agreement", admin)
    good = verification.verify_file(issued.path, station=station)
    assert good.exit_code == 0 and good.archive_match
    data = bytearray(issued.path.read_bytes())
    spot = data.index(b"stream") + 400
    data[spot] ^= 0x01
    bad_file = tmp_path / "changed.pdf"
    bad_file.write_bytes(bytes(data))
    bad = verification.verify_file(bad_file, station=station)
    assert bad.exit_code == verification.EXIT_NOT_INTACT
    assert not bad.verdict.intact
    stranger = verification.verify_file(issued.path)  # no station: nobody vouches for it
    assert stranger.exit_code == verification.EXIT_UNTRUSTED


def test_review_is_not_offered_for_an_agreement_confirming_a_labour_relation(
        station, admin, make_case, service):
    from tests.documents.conftest import SIGNED, START, TERMS, on

    plain = make_case("performing")
    assert "review_application" in {o.code for o in _offered(station, plain, admin)}
    case_no = make_case("registered")
    terms = [dict(TERMS[0], category="labour_relation", item="确认双方存在劳动关系",
                  amount_fen=0)] + TERMS[1:]
    for event, data in START + [("agree", on("2026-11-19", terms=terms))] + SIGNED:
        service.record_event(case_no, event, data, admin)
    offered = {o.code for o in _offered(station, case_no, admin)}
    assert "review_application" not in offered and "confirmation_application" in offered
    with pytest.raises(TransitionError):
        doc_svc.issue(station, case_no, "review_application", admin)
    text = pdftotext(doc_svc.issue(station, case_no, "performance_notice", admin).path)
    flat = text.replace(" ", "")
    assert "司法确认" in flat and "仲裁审查" not in flat  # only the route that exists


def test_the_agreement_says_which_signatures_and_seal_are_recorded(station, admin, make_case,
                                                                   service):
    from tests.documents.conftest import on

    case_no = make_case("agreement")
    offer = next(o for o in _offered(station, case_no, admin) if o.code == "agreement")
    assert offer.signed == () and "调解组织印章" in offer.unsigned
    service.record_event(case_no, "sign", on("2026-11-19", signer="applicant"), admin)
    offer = next(o for o in _offered(station, case_no, admin) if o.code == "agreement")
    assert any("张建军" in label for label in offer.signed)
    assert not any("张建军" in label for label in offer.unsigned)
    done = next(o for o in _offered(station, make_case("performing"), admin)
                if o.code == "agreement")
    assert done.unsigned == () and len(done.signed) == 4
    notice = next(o for o in _offered(station, case_no, admin) if o.code == "acceptance")
    assert notice.signed == notice.unsigned == ()
