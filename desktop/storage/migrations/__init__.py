"""Schema migrations, in order.

Each step is an importable module with ``upgrade(db)``, listed here by an import
rather than found by listing a folder, so a frozen build (PyInstaller) carries them.
Released steps never change; a new schema is a new module appended to ``STEPS``.
"""

from __future__ import annotations

from desktop.storage.migrations import (
    m0001_initial,
    m0002_search,
    m0003_event_order,
    m0004_lean,
    m0005_search_pending,
    m0006_documents,
    m0007_sync,
    m0008_sync_items,
)

STEPS = (m0001_initial, m0002_search, m0003_event_order, m0004_lean, m0005_search_pending,
         m0006_documents, m0007_sync, m0008_sync_items)
