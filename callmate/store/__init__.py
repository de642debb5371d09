"""callmate's embedded store: call records on disk that survive kills and shared folders.

Layout under the data folder (0700; every file 0600):
    calls/<id>.json         one TinyDB file per call session, a single document: the record
    calls/<id>.lock         flock held while a window has that call open (see Store.claim)
    index/open.json         summaries of open calls (unfinished, or a next step still to do)
    index/months/<YYYY-MM>.json  every call's summary, one TinyDB file per month of its id
    index/prospects/<xx>.json  prospect key -> ids of that prospect's calls, 64 files by key hash
    index/quiet.json        one entry per prospect who went silent (see quiet.py)
    index.lock              flock serialising index read-modify-write between processes
    quarantine/             damaged files moved aside with their bytes intact

A data folder from the first format (a single index.json) is migrated on first open.
"""

from callmate.store.atomic import AtomicJSONStorage
from callmate.store.errors import (
    CallOpenElsewhere,
    CorruptFile,
    InvalidSessionId,
    SessionNotFound,
    StoreError,
    StoreWriteError,
)
from callmate.store.locks import CallClaim
from callmate.store.reconcile import ReconcileResult
from callmate.store.store import Store
from callmate.store.summary import Summarize, default_summary

__all__ = [
    "AtomicJSONStorage",
    "CallClaim",
    "CallOpenElsewhere",
    "CorruptFile",
    "InvalidSessionId",
    "ReconcileResult",
    "SessionNotFound",
    "Store",
    "StoreError",
    "StoreWriteError",
    "Summarize",
    "default_summary",
]
