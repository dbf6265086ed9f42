"""Colours and order of a region's positions (strong / average / weak / absent) and of applicant
types, the same in the app and the report (``docs/navigation.md``)."""
from __future__ import annotations

#: A region's position in an area or branch, strongest first.
POSITIONS = ("strong", "average", "weak", "absent")
POSITION_COLOURS = {"strong": "#1a7f37", "average": "#6e8fb3", "weak": "#d98c2b", "absent": "#b8b8b8"}

#: Applicant types (``landscape.analyse.applicant_kinds``), in the order a legend lists them.
APPLICANT_TYPES = ("enterprise", "university", "institute", "hospital", "public", "individual", "unknown")
TYPE_COLOURS = {"enterprise": "#1f77b4", "university": "#d62728", "institute": "#9467bd", "hospital": "#17becf",
                "public": "#8c564b", "individual": "#e377c2", "unknown": "#9e9e9e"}

#: Administrative levels, widest first.
LEVELS = ("world", "country", "province", "city", "district")
