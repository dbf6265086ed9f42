"""Counts over the store: by source, language, year, document type and industry."""
from __future__ import annotations

from landscape.corpora import count_by_corpus, load_corpora
from landscape.store import Store
from landscape.units import count_units


def _counts(store: Store, sql: str) -> dict:
    return {("unknown" if k is None else str(k)): int(v) for k, v in store.con.execute(sql).fetchall()}


def workspace_stats(store: Store, *corpus_dirs) -> dict:
    """The figures ``landscape stats --json`` prints.

    ``by_source`` counts records per export format (a record merged from Lens and CNKI
    counts once under each), ``by_file`` per imported file. ``by_unit`` counts the store in
    each counting unit (publications, applications, families; see ``landscape.units``).
    """
    total = store.count()
    return {
        "total": total,
        "by_source": _counts(store, "SELECT f, count(*) FROM (SELECT unnest(formats) AS f FROM patents) "
                                    "GROUP BY f ORDER BY count(*) DESC, f"),
        "by_lang": _counts(store, "SELECT lang, count(*) FROM patents GROUP BY lang ORDER BY count(*) DESC, lang"),
        "by_year": _counts(store, "SELECT year, count(*) FROM patents GROUP BY year ORDER BY year NULLS LAST"),
        "by_doc_type": _counts(store, "SELECT doc_type, count(*) FROM patents GROUP BY doc_type "
                                      "ORDER BY count(*) DESC, doc_type"),
        "by_industry": count_by_corpus(store.con, load_corpora(*corpus_dirs)),
        "by_file": _counts(store, "SELECT path, read - quarantined FROM imports ORDER BY path"),
        "with_abstract": int(store.con.execute(
            "SELECT count(*) FROM patents WHERE abstract IS NOT NULL AND abstract <> ''").fetchall()[0][0]),
        "quarantined": int(store.con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]),
        "by_unit": count_units(store.con.sql(
            "SELECT id, country, kind, application_number, family_id FROM patents").to_arrow_table()),
    }
