"""Issuing documents: an agreement issued (fill + render + seal + QR + PAdES signature +
archive) against reportlab rendering the same text bare; a dossier; bytes per page.

Usage: python bench/pdf.py [--cases 30]

``--cases`` is the number of timed runs of each kind (medians are printed):

* ``issue``: ``documents.issue`` of the 调解协议书 with the seal image — the whole path a
  mediator's click takes, up to the row and file in the archive;
* ``bare``: the same filled-in text as plain paragraphs in the same fonts and margins with
  reportlab alone (no tables, QR code, seal, signature or archive), fonts already loaded;
* ``dossier``: the dossier of a case holding ``min(--cases, 20)`` issued documents, against
  that many bare renders.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=30, help="timed runs of each kind")
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None
os.environ["TIAOJIE_TODAY"] = "2026-11-22"  # a training station's pinned day

from common import ratio_line  # noqa: E402

from desktop.documents import fonts, render  # noqa: E402
from desktop.documents.markup import clean  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.services import documents as doc_svc  # noqa: E402
from desktop.services import dossier, roster, seal  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.station import init_station  # noqa: E402

ADMIN = User("admin", "admin", "admin")
TERMS = [{"item": f"第{i}期工资", "amount_fen": 1_000_000 + i * 1_234, "due_on": "2026-12-20",
          "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人",
          "account": "申请人本人工资卡"} for i in range(1, 4)]
CASE = {
    "source": "application", "received_on": "2026-11-16", "dispute_arose_on": "2026-10-31",
    "dispute_types": ["wages"], "summary": "申请人在被申请人处从事钢筋工作，被申请人拖欠"
    "2026年7月至10月工资未付，申请人多次催要未果，请求调解。" * 3,
    "claims": [{"item": "支付拖欠工资", "amount_fen": 3_003_702}],
    "applicants": [{"kind": "worker", "name": "张建军", "id_type": "resident_id",
                    "id_number": "371522196803126051", "phone": "17789444099",
                    "address": "山东省济南市历城区王舍人街道工人宿舍"}],
    "respondents": [{"kind": "employer", "name": "济南鑫达建筑劳务有限公司",
                     "uscc": "91370112MAW1H5GT1R", "address": "济南市历城区工业北路88号",
                     "legal_rep": "马德华", "phone": "0531-88776655"}],
}
STEPS = [("accept", {}), ("start", {}), ("assign", {"mediator": "王建国"}),
         ("session", {"place": "调解室", "note": "双方陈述"}), ("agree", {"terms": TERMS})] + \
    [("sign", {"signer": s}) for s in ("applicant", "respondent", "mediator", "org_seal")] + \
    [("perform", {}), ("capacity_assessed", {"grade": "medium"}),
     ("performance_notice_issued", {}), ("follow_up", {"visitor": "王建国"})]


def bare_render(text: str) -> bytes:
    """The same text, plain paragraphs, same fonts and margins: reportlab alone."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = render._styles()
    story = [Paragraph(fonts.markup(line), styles["body"])
             for line in clean(text).splitlines() if line.strip()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=render.TOP, bottomMargin=render.BOTTOM,
                      leftMargin=render.LEFT, rightMargin=render.RIGHT,
                      initialFontName=fonts.BODY).build(story)
    return out.getvalue()


def main() -> int:
    runs = ARGS.cases if ARGS else 30
    root = Path(tempfile.mkdtemp(prefix="tiaojie-bench-pdf-"))
    try:
        station = init_station(Paths(root / "station"), name="历城区王舍人街道劳动人事争议调解中心",
                               short_name="王舍人", org_type="township_center",
                               admin_login="admin", admin_password="bench-admin-1",
                               is_demo=True)
        try:
            roster.add_mediator(station, ADMIN, "王建国")
            seal.install_demo_seal(station, ADMIN)
            service = CaseService(station)
            case_no = service.register(CASE, ADMIN).case_no
            for event, data in STEPS:
                service.record_event(case_no, event, {"occurred_on": "2026-11-19", **data},
                                     ADMIN)
            issued = doc_svc.issue(station, case_no, "agreement", ADMIN, with_seal=True)
            form = doc_svc.catalogue(station).get("agreement")
            text = form.fill(doc_svc.ctxm.build(
                doc_svc.case_view.show(station, case_no, ADMIN), station.org,
                doc={"number": issued.document.number, "title": form.title},
                today=station.today()))
            bare_render(text)  # warm
            bare, full = [], []
            for _ in range(runs):
                start = time.perf_counter()
                bare_render(text)
                bare.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                last = doc_svc.issue(station, case_no, "agreement", ADMIN, with_seal=True)
                full.append((time.perf_counter() - start) * 1000)
            doc = last.document
            per_page = doc.size / doc.pages
            codes = [o.code for o in doc_svc.listing(station, case_no, ADMIN).offers
                     if o.offered and not o.missing]
            count = min(runs, 20)
            for i in range(max(0, count - len(codes) - 1)):
                doc_svc.issue(station, case_no, codes[i % len(codes)], ADMIN)
            for code in codes[:count - 1]:
                doc_svc.issue(station, case_no, code, ADMIN)
            latest = {d.form_code for d in doc_svc.listing(station, case_no, ADMIN).issued}
            start = time.perf_counter()
            made = dossier.export(station, case_no, ADMIN, root / "dossier.pdf")
            dossier_ms = (time.perf_counter() - start) * 1000
            bare_ms = statistics.median(bare)
            issue_ms = statistics.median(full)
            print(f"bare render: median {bare_ms:.1f} ms ({runs} runs)")
            print(f"issue (render + seal + QR + PAdES + archive): median {issue_ms:.1f} ms; "
                  f"{doc.pages} pages, {doc.size / 1024:.0f} KiB, {per_page / 1024:.1f} KiB/page")
            print(f"dossier: {len(latest)} documents (latest versions), {made.pages} pages, "
                  f"{dossier_ms:.0f} ms, {(root / 'dossier.pdf').stat().st_size / 1024:.0f} KiB")
            print(ratio_line("issue vs bare render", issue_ms / bare_ms))
            print(ratio_line("dossier vs bare renders of its documents",
                             dossier_ms / (bare_ms * max(len(latest), 1))))
        finally:
            station.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
