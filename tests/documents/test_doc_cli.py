"""``tiaojie doc``, ``tiaojie verify`` and ``tiaojie seal`` as a user types them."""

from __future__ import annotations

import json

from PIL import Image, ImageDraw


def test_doc_list_issue_dossier_and_verify(run_cli, station, make_case, logins, tmp_path):
    case_no = make_case("agreement")
    listed = run_cli("doc", "list", case_no, login=logins["mediator"])
    assert listed.code == 0 and "agreement" in listed.out and "可制作" in listed.out
    out = tmp_path / "协议.pdf"
    issued = run_cli("doc", "issue", case_no, "agreement", "-o", str(out),
                     login=logins["mediator"])
    assert issued.code == 0, issued.err
    assert "协字第1号" in issued.out and out.is_file()
    shown = json.loads(run_cli("doc", "list", case_no, "--json", login=logins["mediator"]).out)
    entry = next(f for f in shown["forms"] if f["code"] == "agreement")
    assert entry["issued"][0]["version"] == 1
    code = entry["issued"][0]["code"]

    ok = run_cli("verify", str(out))
    assert ok.code == 0 and "文件完整" in ok.out and "与本站存档一致" in ok.out, ok.out
    changed = tmp_path / "changed.pdf"
    data = bytearray(out.read_bytes())
    data[data.index(b"stream") + 400] ^= 0x01
    changed.write_bytes(bytes(data))
    bad = run_cli("verify", str(changed))
    assert bad.code == 5 and "已被改动" in bad.out
    as_json = json.loads(run_cli("verify", str(out), "--json").out)
    assert as_json["intact"] and as_json["trusted"] and as_json["self_issued"]

    copy = tmp_path / "copy.pdf"
    assert run_cli("doc", "export", code, "-o", str(copy), login=logins["viewer"]).code == 0
    assert copy.read_bytes() == out.read_bytes()
    dossier = run_cli("doc", "dossier", case_no, "-o", str(tmp_path / "卷宗.pdf"),
                      login=logins["viewer"])
    assert dossier.code == 0 and "页" in dossier.out


def test_doc_errors_are_one_line_and_exit_non_zero(run_cli, station, make_case, logins,
                                                   tmp_path):
    case_no = make_case("registered")
    refused = run_cli("doc", "issue", case_no, "agreement", login=logins["mediator"])
    assert refused.code == 2 and "不能制作" in refused.err and "/" in refused.err
    unknown = run_cli("doc", "issue", case_no, "no_such_form", login=logins["mediator"])
    assert unknown.code == 2 and "没有名为" in unknown.err
    viewer = run_cli("doc", "issue", make_case("agreement"), "agreement",
                     login=logins["viewer"])
    assert viewer.code == 3
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("hello")
    assert run_cli("verify", str(not_pdf)).code == 2
    assert run_cli("verify", str(tmp_path / "missing.pdf")).code == 2
    assert run_cli("verify", str(tmp_path)).code == 2


def test_seal_import_is_for_admins(run_cli, station, logins, tmp_path):
    img = Image.new("RGB", (400, 400), "white")
    ImageDraw.Draw(img).ellipse([20, 20, 380, 380], outline=(200, 0, 0), width=12)
    path = tmp_path / "seal.png"
    img.save(path)
    denied = run_cli("seal", "import", str(path), login=logins["mediator"])
    assert denied.code == 3
    assert run_cli("seal", "show", login=logins["mediator"]).out.startswith("尚未导入")
    done = run_cli("seal", "import", str(path), "--size-mm", "42", login=logins["admin"])
    assert done.code == 0 and "SHA-256" in done.out
    bad_size = run_cli("seal", "import", str(path), "--size-mm", "200", login=logins["admin"])
    assert bad_size.code == 2 and "毫米" in bad_size.err
    shown = json.loads(run_cli("seal", "show", "--json", login=logins["viewer"]).out)
    assert shown["present"] and shown["size_mm"] == 42.0
    assert run_cli("seal", "remove", login=logins["admin"]).code == 0
    assert not json.loads(run_cli("seal", "show", "--json",
                                  login=logins["viewer"]).out)["present"]
