"""An analyst's examples for few-shot: a CSV or Excel file with the columns ``id`` and ``branch``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from landscape.breakdown.taxonomy import Taxonomy, TaxonomyError
from landscape.corpora import show_path
from landscape.ingest.normalize import publication_number


def read_examples(path, taxonomy: Taxonomy, ids) -> tuple[dict[str, list[str]], dict]:
    """``{patent id: [branch ids]}`` from an examples file, and what was read.

    A branch the breakdown does not have is an error (one sentence naming file and row); a
    patent that is not on the map is skipped and counted (an examples file often outlives a
    map version).
    """
    path = Path(path)
    file = show_path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            df = pd.read_excel(path, dtype=str)
        else:
            df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", skipinitialspace=True)
    except FileNotFoundError:
        raise TaxonomyError(f"{file}: no such examples file") from None
    except Exception as err:  # pandas raises many types for unreadable files
        raise TaxonomyError(f"{file}: cannot be read as CSV or Excel ({str(err)[:120]})") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in ("id", "branch") if c not in df.columns]
    if missing:
        raise TaxonomyError(f"{file}: needs the columns 'id' and 'branch' (missing {', '.join(missing)}; "
                            f"found {', '.join(df.columns) or 'none'})")
    on_map = {str(i) for i in ids}
    known = set(taxonomy.ids())
    out: dict[str, list[str]] = {}
    skipped = []
    for n, (pid, bid) in enumerate(zip(df["id"], df["branch"]), start=2):  # row 1 is the header
        # Written as the user's export spells it ("CN 116510786 B"): read as the map's ids are.
        pid = (publication_number(pid) or pid.strip()) if isinstance(pid, str) and pid.strip() else None
        bid = bid.strip() if isinstance(bid, str) else ""
        if pid is None:
            raise TaxonomyError(f"{file}: row {n} has no patent id")
        if bid not in known:
            raise TaxonomyError(f"{file}: row {n}: branch {bid!r} is not in the breakdown "
                                f"{show_path(taxonomy.path) if taxonomy.path else taxonomy.name_en}")
        if pid not in on_map:
            skipped.append(pid)
            continue
        out.setdefault(pid, [])
        if bid not in out[pid]:
            out[pid].append(bid)
    return out, {"file": file, "rows": int(len(df)), "patents": len(out), "not_on_map": len(skipped),
                 "not_on_map_first": skipped[:5]}
