"""What a careless or hostile user tries with documents: output over the station's own
files, forms that never end, decompression bombs, text too long for a page, a wrong file as
a scan, an archived file changed behind the program's back."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from desktop.domain.errors import InputError, ValidationError
from desktop.paths import Paths
from desktop.services import documents as doc_svc
from desktop.services import dossier, integrity, seal, verification


@pytest.mark.parametrize("where", ["tiaojie.db", "attachments/x.pdf", "keys/a.pdf", ""])
def test_nothing_is_written_into_the_data_folder(station, admin, make_case, where):
    case_no = make_case("agreement")
    doc_svc.issue(station, case_no, "agreement", admin)
    before = station.paths.database.read_bytes()[:100]
    target = station.paths.root / where if where else ""
    with pytest.raises(InputError):
        dossier.export(station, case_no, admin, target)
    assert station.paths.database.read_bytes()[:100] == before


def test_special_files_and_folders_are_not_output_targets(station, tmp_path):
    with pytest.raises(InputError):
        doc_svc.check_output(station, "/dev/null")  # a device, even a harmless one
    with pytest.raises(InputError):
        doc_svc.check_output(station, tmp_path)
    with pytest.raises(InputError):
        doc_svc.check_output(station, tmp_path / "missing" / "x.pdf")
    assert doc_svc.check_output(station, tmp_path / "x.pdf") == tmp_path / "x.pdf"


def test_the_cli_refuses_to_export_over_the_database(run_cli, station, make_case, logins):
    case_no = make_case("agreement")
    run_cli("doc", "issue", case_no, "agreement", login=logins["mediator"])
    code = json.loads(run_cli("doc", "list", case_no, "--json", login=logins["mediator"]).out)
    code = next(f for f in code["forms"] if f["code"] == "agreement")["issued"][0]["code"]
    db = str(station.paths.database)
    for argv in (("doc", "export", code, "-o", db), ("doc", "dossier", case_no, "-o", db),
                 ("doc", "issue", case_no, "agreement", "-o", db)):
        done = run_cli(*argv, login=logins["mediator"])
        assert done.code == 2 and "数据目录" in done.err, (argv, done.err)
    assert run_cli("case", "show", case_no, login=logins["viewer"]).code == 0


@pytest.mark.parametrize("body", [
    "{% for i in range(10**9) %}{{ i }}{% endfor %}",
    "{% for i in range(999) %}{% for j in range(999) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**11 }}",
    "{% for i in range(1000) %}{{ 'y' * 99999 }}{% endfor %}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
])
def test_a_form_that_would_never_finish_is_reported_and_others_still_work(
        station, admin, make_case, body):
    station.paths.forms.mkdir(parents=True, exist_ok=True)
    (station.paths.forms / "greedy.toml").write_text(
        f"code = 'greedy'\ntitle = '贪心'\nseries = '贪'\nbody = \"{body}\"\n",
        encoding="utf-8")
    cat = doc_svc.catalogue(station)
    assert "greedy" not in cat.forms
    assert [p.path.name for p in cat.problems] == ["greedy.toml"]
    assert doc_svc.issue(station, make_case("agreement"), "agreement", admin).path.is_file()


def _bomb(path):
    Image.new("1", (8000, 6000)).save(path)  # 48 megapixels, a few KB on disk
    return path


def test_decompression_bombs_are_refused(station, admin, make_case, tmp_path):
    with pytest.raises(ValidationError) as err:
        seal.import_seal(station, _bomb(tmp_path / "seal.png"), admin)
    assert "过大" in err.value.zh
    case_no = make_case("agreement")
    doc_svc.issue(station, case_no, "agreement", admin)
    with pytest.raises(ValidationError) as err:
        verification.link_scan(station, case_no, _bomb(tmp_path / "scan.png"), admin)
    assert "过大" in err.value.zh


def test_a_scan_typed_by_code_must_be_a_scan(station, admin, make_case, tmp_path):
    case_no = make_case("agreement")
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    note = tmp_path / "note.txt"
    note.write_text("不是扫描件", encoding="utf-8")
    with pytest.raises(ValidationError):
        verification.link_scan(station, case_no, note, admin, code=issued.document.short_code)


def test_long_accepted_text_still_fits_the_pages(station, admin, make_case, single_doc):
    single_doc["claims"] = [{"item": "支付拖欠工资及加班费" * 50, "amount_fen": 100}]
    single_doc["respondents"][0]["name"] = "济南" + "鑫达" * 90 + "建筑劳务有限公司"
    case_no = make_case("registered", claims=single_doc["claims"],
                        respondents=single_doc["respondents"])
    for code in ("application", "service_receipt"):
        assert doc_svc.issue(station, case_no, code, admin).document.pages >= 1


def test_check_finds_an_altered_or_missing_document_file(station, admin, make_case):
    case_no = make_case("agreement")
    first = doc_svc.issue(station, case_no, "agreement", admin)
    second = doc_svc.issue(station, case_no, "acceptance", admin)
    assert integrity.check_station(Paths(station.paths.root)).ok
    with first.path.open("ab") as f:
        f.write(b"%% appended")
    second.path.unlink()
    report = integrity.check_station(Paths(station.paths.root))
    assert not report.ok and len(report.bad_files) == 2
