"""``tiaojie doc``, ``tiaojie verify`` and ``tiaojie seal``: documents from the command line."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from desktop.cli import output
from desktop.cli.commands import _paths, _session
from desktop.domain.errors import EnvironmentProblem, InputError, os_error_reason
from desktop.services import documents as doc_svc
from desktop.services import dossier, seal, verification
from desktop.services import station as station_svc


def doc_list(args: argparse.Namespace) -> int:
    """The forms of a case: offered or not, what is missing, the versions issued."""
    with _session(args) as (station, user):
        listing = doc_svc.listing(station, args.case_no, user)
    if args.json:
        output.dump({
            "forms": [{"code": o.code, "title": o.title, "offered": o.offered,
                       "missing": list(o.missing), "builtin": o.builtin, "copies": o.copies,
                       "issued": [{"code": d.short_code, "version": d.version,
                                   "number": d.number, "sha256": d.sha256,
                                   "issued_on": d.issued_on, "scan": bool(d.scan_attachment_pk)}
                                  for d in o.issued]} for o in listing.offers],
            "problems": [{"file": str(p.path), "zh": p.zh, "en": p.en}
                         for p in listing.problems]})
        return 0
    for p in listing.problems:
        output.say(f"注意 warning: 文书样式未采用 form not used: {p.line()}")
    for o in listing.offers:
        if not o.offered and not o.issued:
            continue
        state = "可制作 available" if o.offered and not o.missing else (
            "缺少 missing: " + "；".join(o.missing) if o.offered else "已不可制作 closed")
        origin = "" if o.builtin else "（本站样式 station form）"
        output.say(f"{o.code:24} {o.title}{origin}  {state}")
        for d in o.issued:
            scan = "，已附签章扫描件 scan attached" if d.scan_attachment_pk else ""
            output.say(f"    第{d.version}版 v{d.version}  {d.number}  {d.short_code}  "
                       f"{d.issued_on}{scan}")
    return 0


def _copy_out(source: Path, target: Path) -> None:
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入 {target}：{os_error_reason(exc)}",
                                 f"cannot write {target}: {exc.strerror}") from exc


def doc_issue(args: argparse.Namespace) -> int:
    """Issue (or re-issue, as a new version) one document."""
    with _session(args, writes=True) as (station, user):
        target = doc_svc.check_output(station, args.output) if args.output is not None \
            else None
        issued = doc_svc.issue(station, args.case_no, args.form, user, with_seal=args.seal,
                               captured=not args.no_captured)
        if target is not None:
            _copy_out(issued.path, target)
    d = issued.document
    output.say(f"已签发 issued: 《{d.title}》{d.number} 第{d.version}版 v{d.version}")
    output.say(f"文书核验码 code: {d.short_code}  SHA-256: {d.sha256}")
    output.say(f"文件 file: {args.output or issued.path}")
    return 0


def doc_export(args: argparse.Namespace) -> int:
    """Copy an archived document (by its short code) out of the station."""
    with _session(args) as (station, user):
        d = doc_svc.find(station, user, code=args.code)
        target = doc_svc.save_copy(station, d, args.output)
    output.say(f"《{d.title}》第{d.version}版 → {target}")
    return 0


def doc_dossier(args: argparse.Namespace) -> int:
    """The case's dossier as one PDF."""
    with _session(args) as (station, user):
        made = dossier.export(station, args.case_no, user, Path(args.output))
    output.say(f"卷宗 dossier: {made.path}，共 {made.pages} 页 pages，{made.parts} 份材料 parts")
    for name in made.skipped:
        output.say(f"注意 warning: 未并入（不是 PDF 或图片）not bound in: {name}")
    return 0


def doc_link_scan(args: argparse.Namespace) -> int:
    """Attach a signed scan and link it to its document (QR code, or --code)."""
    with _session(args, writes=True) as (station, user):
        linked = verification.link_scan(station, args.case_no, Path(args.scan), user,
                                        code=args.code)
    how = "二维码 QR code" if linked.by_qr else "核验码 short code"
    if linked.replaced:
        output.say("注意 warning: 该文书原先关联的扫描件已被替换（原扫描件仍在附件中）/ "
                   "the scan linked before was replaced (it stays among the attachments)")
    output.say(f"已关联 linked ({how}): 《{linked.document.title}》第{linked.document.version}版 "
               f"{linked.document.short_code}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Whether a PDF is intact and trusted; exit 0 only when both."""
    extra = []
    for file in args.trust or ():
        try:
            extra.append(Path(file).read_bytes())
        except OSError as exc:
            raise InputError(f"无法读取证书 {file}：{os_error_reason(exc, reading=True)}",
                             f"cannot read certificate {file}", "--trust") from exc
    paths = _paths(args)
    station = None
    if paths.database.is_file():
        station = station_svc.open_station(paths)
    try:
        report = verification.verify_file(Path(args.file), station=station,
                                          extra_roots=extra)
    finally:
        if station is not None:
            station.close()
    if args.json:
        v = report.verdict
        output.dump({"file": str(report.path), "signed": v.signed, "intact": v.intact,
                     "valid": v.valid, "trusted": v.trusted, "signer": v.signer,
                     "signed_at": v.signed_at, "self_issued": v.self_issued,
                     "county": v.county, "document": report.uid, "case_no": report.case_no,
                     "archive_match": report.archive_match, "exit_code": report.exit_code})
    else:
        for zh, en in report.lines():
            output.say(f"{zh} / {en}")
    return report.exit_code


def seal_import(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, user):
        got = seal.import_seal(station, Path(args.file), user, size_mm=args.size_mm)
    output.say(f"已导入印章图片 seal imported: SHA-256 {got.sha256}，直径 {got.size_mm:g} mm")
    return 0


def seal_show(args: argparse.Namespace) -> int:
    with _session(args) as (station, _user):
        got = seal.info(station)
    if args.json:
        output.dump({"present": got.present, "sha256": got.sha256, "size_mm": got.size_mm})
    elif got.present:
        output.say(f"印章图片 seal: SHA-256 {got.sha256}，直径 {got.size_mm:g} mm")
    else:
        output.say("尚未导入印章图片 / no seal imported")
    return 0


def seal_remove(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, user):
        seal.remove_seal(station, user)
    output.say("已移除印章图片 / seal removed")
    return 0


def add_commands(sub: argparse._SubParsersAction, add: object) -> None:
    """The document subcommands, on the main parser's ``sub``; ``add`` makes a subcommand
    that takes the common options."""
    doc = add(sub, "doc", help="文书 / legal documents").add_subparsers(  # type: ignore[operator]
        dest="action", required=True)
    lst = add(doc, "list", help="forms of a case and the documents issued")  # type: ignore[operator]
    lst.add_argument("case_no")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=doc_list)
    issue = add(doc, "issue", help="issue a document (a new version if issued before)")  # type: ignore[operator]
    issue.add_argument("case_no")
    issue.add_argument("form", help="form code, e.g. agreement (see doc list)")
    issue.add_argument("-o", "--output", help="also copy the PDF here")
    issue.add_argument("--seal", action="store_true",
                       help="place the imported seal image (an electronic copy)")
    issue.add_argument("--no-captured", action="store_true",
                       help="leave out captured signature images")
    issue.set_defaults(func=doc_issue)
    exp = add(doc, "export", help="copy an issued document out by its short code")  # type: ignore[operator]
    exp.add_argument("code", help="文书核验码, e.g. ABCDE-FGHJK")
    exp.add_argument("-o", "--output", required=True)
    exp.set_defaults(func=doc_export)
    dos = add(doc, "dossier", help="the case dossier (卷宗) as one PDF")  # type: ignore[operator]
    dos.add_argument("case_no")
    dos.add_argument("-o", "--output", required=True)
    dos.set_defaults(func=doc_dossier)
    link = add(doc, "link-scan", help="attach a signed scan and link it to its document")  # type: ignore[operator]
    link.add_argument("case_no")
    link.add_argument("scan", help="PDF, JPG or PNG scan")
    link.add_argument("--code", help="文书核验码 printed beside the QR code")
    link.set_defaults(func=doc_link_scan)

    ver = add(sub, "verify", help="核验文书 / check an issued PDF (exit 0: intact and trusted)")  # type: ignore[operator]
    ver.add_argument("file")
    ver.add_argument("--trust", action="append", help="also trust this CA certificate (PEM)")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=verify)

    sl = add(sub, "seal", help="印章图片 / the organisation's seal image").add_subparsers(  # type: ignore[operator]
        dest="action", required=True)
    imp = add(sl, "import", help="import the seal scan (administrators)")  # type: ignore[operator]
    imp.add_argument("file", help="PNG with transparency, or a scan on white")
    imp.add_argument("--size-mm", help="printed diameter in mm (default 42)")
    imp.set_defaults(func=seal_import)
    show = add(sl, "show", help="the seal in force")  # type: ignore[operator]
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=seal_show)
    add(sl, "remove", help="remove the seal image (administrators)").set_defaults(  # type: ignore[operator]
        func=seal_remove)



