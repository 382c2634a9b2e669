"""Pictures of issued documents for docs/examples/ (the pages as printed, at 60 dpi).

A training station is built in a temporary folder with the demo seal (演示样章 — it is
plainly not a seal), the documented collective unpaid-wages case (docs/examples/
collective-wages.json) is taken to an agreement, and a few documents are issued through the
real path (fill, render, seal, QR code, signature).  Each chosen page is rendered with PDFium.

    python tools/document_examples.py [--out docs/examples]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ["TIAOJIE_TODAY"] = "2026-11-22"

from desktop.paths import Paths  # noqa: E402
from desktop.services import documents, roster, seal  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.station import init_station  # noqa: E402

ADMIN = User("admin", "admin", "admin")
TERMS = [{"item": "拖欠的2026年7月至10月工资", "amount_fen": 19_200_000, "due_on": "2026-11-30",
          "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人",
          "account": "各申请人本人工资卡", "category": "wages"},
         {"item": "经济补偿", "amount_fen": 168_032, "due_on": "2026-12-15",
          "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人",
          "category": "compensation"}]
STEPS = [("accept", {}), ("start", {}), ("assign", {"mediator": "王建国"}),
         ("authorise_representatives", {"document": "全体劳动者签署的授权委托书"}),
         ("session", {"place": "街道调解室", "note": "双方同意按实际出勤结算"}),
         ("agree", {"terms": TERMS, "waiver": "双方就本争议再无其他争议"})]
# (form, pages to picture: 0-based, -1 the last)
SHOTS = (("agreement", (0, -1)), ("acceptance", (0,)), ("service_receipt", (0,)))


def main(argv: list[str] | None = None) -> int:
    import pypdfium2

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "examples")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tiaojie-examples-") as folder:
        station = init_station(Paths(Path(folder)), name="历城区王舍人街道劳动人事争议调解中心",
                               short_name="王舍人", org_type="township_center",
                               admin_login="admin", admin_password="examples-admin-1",
                               is_demo=True)
        try:
            roster.add_mediator(station, ADMIN, "王建国")
            seal.install_demo_seal(station, ADMIN)
            case = json.loads((ROOT / "docs" / "examples" / "collective-wages.json")
                              .read_text(encoding="utf-8"))
            service = CaseService(station)
            case_no = service.register(case, ADMIN).case_no
            for event, data in STEPS:
                service.record_event(case_no, event, {"occurred_on": "2026-11-19", **data},
                                     ADMIN)
            for code, pages in SHOTS:
                issued = documents.issue(station, case_no, code, ADMIN,
                                         with_seal=code == "agreement")
                pdf = pypdfium2.PdfDocument(str(issued.path))
                try:
                    for index in pages:
                        number = index if index >= 0 else len(pdf) + index
                        image = pdf[number].render(scale=60 / 72).to_pil()
                        target = args.out / f"document-{code}-p{number + 1}.png"
                        image.convert("L").save(target, optimize=True)
                        print(target)
                finally:
                    pdf.close()
        finally:
            station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
