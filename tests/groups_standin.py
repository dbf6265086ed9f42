"""A trivial stand-in for ``landscape.analyse.groups`` until that module lands: every
applicant is its own group, and a kind from two obvious words. Installed only when the real
module cannot be imported, so tests run against the real grouping as soon as it exists."""
from __future__ import annotations

import sys
import types


def install() -> None:
    try:
        import landscape.analyse.groups  # noqa: F401
        return
    except ImportError:
        pass
    module = types.ModuleType("landscape.analyse.groups")
    module.applicant_groups = lambda names, overrides=None: {n: (overrides or {}).get(n, n) for n in names}
    module.applicant_kind = lambda name: ("university" if "大学" in name or "UNIV" in name.upper()
                                          else "company")
    module.load_group_overrides = lambda workspace: {}
    sys.modules["landscape.analyse.groups"] = module
