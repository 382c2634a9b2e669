"""Case numbers stay gapless and unique with several processes registering at once."""

from __future__ import annotations

import json
import subprocess
import sys

WRITER = r"""
import json, sys
from pathlib import Path
from desktop.paths import Paths
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.station import open_station
station = open_station(Paths(Path(sys.argv[1])))
doc = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
service = CaseService(station)
user = User("mediator", "mediator", "mediator")
numbers = [service.register(doc, user).case_no for _ in range(int(sys.argv[3]))]
print(json.dumps(numbers, ensure_ascii=False))
"""


def test_parallel_writers_get_gapless_unique_numbers(station, single_doc, tmp_path):
    doc_path = tmp_path / "case.json"
    doc_path.write_text(json.dumps(single_doc, ensure_ascii=False), encoding="utf-8")
    root = str(station.paths.root)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, root, str(doc_path), "15"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    numbers = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        numbers += json.loads(out)
    assert len(numbers) == len(set(numbers)) == 60
    seqs = sorted(int(n.split("第")[1].rstrip("号")) for n in numbers)
    assert seqs == list(range(1, 61))
    stored = station.read().execute("SELECT count(*), max(seq_no) FROM cases").fetchone()
    assert stored == (60, 60)
    from desktop.storage import audit
    assert audit.verify_chain(station.read()).ok  # the chain stays linear under parallel writers
