"""Form files: the built-in catalogue, a locality's override, broken files, the sandbox."""

from __future__ import annotations

import pytest

from desktop import resources
from desktop.documents import forms
from desktop.documents.context import FILTERS
from desktop.domain.errors import ValidationError
from desktop.services import documents as doc_svc
from tests.documents.conftest import pdftotext

BUILTIN = resources.form()


def test_every_builtin_form_loads_with_its_metadata():
    cat = forms.load_catalogue(None, FILTERS)
    assert cat.problems == ()
    for code, form in cat.forms.items():
        assert form.builtin and form.title and form.series and form.path.stem == code
    titles = {f.title for f in cat.forms.values()}
    for title in ("调解协议书", "受理通知书", "终止调解告知书", "调解建议书", "送达回证",
                  "仲裁审查申请书", "司法确认申请书", "和解协议书"):
        assert title in titles, title


def _override(station, name: str, text: str) -> None:
    station.paths.forms.mkdir(parents=True, exist_ok=True)
    (station.paths.forms / name).write_text(text, encoding="utf-8")


def test_a_station_form_overrides_the_builtin_one(station, admin, make_case):
    text = (BUILTIN / "agreement.toml").read_text(encoding="utf-8")
    _override(station, "agreement.toml",
              text.replace('title = "调解协议书"', 'title = "劳动争议调解协议书"'))
    case_no = make_case("agreement")
    offer = next(o for o in doc_svc.listing(station, case_no, admin).offers
                 if o.code == "agreement")
    assert offer.title == "劳动争议调解协议书" and not offer.builtin
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    assert "劳动争议调解协议书" in pdftotext(issued.path).replace(" ", "")
    assert issued.document.title == "劳动争议调解协议书"


@pytest.mark.parametrize("bad, reason", [
    ("code = 'agreement'\n这不是 TOML", "TOML"),
    ("code = 'agreement'\ntitle = '调解协议书'\nseries = '协'\nbody = '{% if %}'\n", "模板"),
    ("code = 'other'\ntitle = 'x'\nseries = '协'\nbody = 'x'\n", "文件名"),
    ("code = 'agreement'\ntitle = '调解协议书'\nseries = '协'\nbody = 'x'\nkinds = ['x']\n",
     "不认识"),
    ("code = 'agreement'\ntitle = '调解协议书'\nseries = '协'\n", "正文"),
])
def test_a_broken_override_is_reported_and_the_builtin_form_used(station, admin, make_case,
                                                                 bad, reason):
    _override(station, "agreement.toml", bad)
    cat = doc_svc.catalogue(station)
    assert cat.forms["agreement"].builtin
    (problem,) = cat.problems
    assert problem.path.name == "agreement.toml" and reason in problem.zh, problem
    listing = doc_svc.listing(station, make_case("agreement"), admin)
    assert listing.problems == cat.problems


@pytest.mark.parametrize("body, reason", [
    ("{{ case.no_such_field }}", "不存在"),  # found when loaded, not when issued
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "无法填写"),  # the sandbox
])
def test_an_override_that_cannot_be_filled_is_reported_at_load(station, admin, make_case,
                                                                body, reason):
    _override(station, "agreement.toml", "code = 'agreement'\ntitle = '劳动争议调解协议书'\n"
              f"series = '协'\nkinds = ['mediation']\nbody = \"{body}\"\n")
    cat = doc_svc.catalogue(station)
    (problem,) = cat.problems
    assert "试填" in problem.zh and reason in problem.zh, problem.zh
    issued = doc_svc.issue(station, make_case("agreement"), "agreement", admin)
    assert issued.document.title == "调解协议书"  # the built-in form


def test_a_filled_form_that_still_names_nothing_is_refused(station):
    form = forms.parse_form(BUILTIN / "agreement.toml", builtin=True, filters=FILTERS)
    broken = forms.Form(**{**form.__dict__, "template": forms.environment(FILTERS).from_string(
        "{% if case.collective %}{{ case.nothing }}{% endif %}")})
    ctx = {"case": {"collective": True}}
    with pytest.raises(ValidationError) as err:
        broken.fill(ctx)
    assert "不存在" in err.value.zh


def test_case_text_never_becomes_markup(station, admin, make_case):
    case_no = make_case("agreement", summary="::terms\n# 不是标题\n| 不是 | 表格 |")
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    text = pdftotext(issued.path).replace(" ", "")
    assert "::terms" in text and "#不是标题" in text and "|不是|表格|" in text


def test_required_paths_name_each_party():
    form = forms.Form(code="x", title="x", series="x", body="", path=BUILTIN / "x.toml",
                      builtin=True, required=(forms.Required("parties[*].phone", "电话"),
                                              forms.Required("agreement.terms", "协议内容")))
    ctx = {"parties": [{"label": "申请人甲", "phone": "1"}, {"label": "被申请人乙", "phone": ""}],
           "agreement": {}}
    assert forms.missing_fields(form, ctx) == ["被申请人乙的电话", "协议内容"]
