"""The "Data and method" chapter and the appendix: sources, counts, model, parameters,
caveats and provenance, all read from the bundle's manifest (and its documents' sources)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from landscape.report.breakdown import breakdown_method
from landscape.report.nav_method import navigation_method
from landscape.report.model import Section, Table, as_list, num, pct
from landscape.report.strings import tr
from landscape.present.balance import balance_text
from landscape.present.coverage import coverage_table, data_warnings, unit_sentence


def _sources(documents) -> list[tuple[str, int]]:
    """(file or folder, records) of the files the map's records came from, most first."""
    if documents is None or "sources" not in documents:
        return []
    per = Counter()
    for srcs in documents["sources"]:
        files = {str(s).rsplit("#", 1)[0] for s in as_list(srcs)}
        # Exports split into many files share a folder: name the folder once.
        per.update({(f.split("/", 1)[0] + "/" if "/" in f else f) for f in files})
    return sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))


def method_section(ctx, data) -> Section:
    lang, b = ctx["lang"], ctx["bundle"]
    m = b.manifest
    s = Section("method", tr("sec.method", lang))
    items = []
    sources = _sources(ctx["tables"]["documents"])
    if sources:
        lines = [tr("m.file_rows", lang, file=f, n=n) for f, n in sources[:6]]
        if len(sources) > 6:
            lines.append(tr("m.more_files", lang, n=len(sources) - 6))
        items.append({"head": tr("m.sources", lang),
                      "text": tr("m.sources_text", lang, n=m.get("records", len(b.points)), files=len(sources)),
                      "list": lines})
    else:
        items.append({"head": tr("m.sources", lang), "text": tr("m.sources_unknown", lang), "list": []})
    langs = m.get("languages") or {}
    total = sum(langs.values()) or 1
    lang_text = tr("list_sep", lang).join(f"{k} {pct(v / total)}" for k, v in
                                          sorted(langs.items(), key=lambda kv: -kv[1]) if v / total >= 0.005)
    items.append({"head": tr("m.counts", lang),
                  "text": tr("m.counts_text", lang, n=len(b.points), areas=len(b.clusters),
                             topics=m.get("topics", len(b.topics) if b.topics is not None else 0),
                             unassigned=pct(m.get("unassigned_share", float("nan"))))
                  + (" " + tr("m.languages", lang, langs=lang_text) if lang_text else ""), "list": []})
    first, last = ctx["years"]
    if first is not None:
        w = ctx["window"]
        share = pct(w.basis_share) if w.basis_share == w.basis_share else "—"
        items.append({"head": tr("m.years", lang), "text": tr("m.years_text", lang, first=first, last=last,
                                                               basis=ctx["basis"], share=share, cutoff=ctx["cutoff"],
                                                               complete=ctx["complete"]), "list": []})
    model = m.get("model") or {}
    reason = model.get("reason", "—")
    if lang == "zh" and model.get("name") in ("use", "minilm") \
            and "texts are English" in reason and langs:
        # The manifest explains the choice in English; the two automatic reasons have Chinese wording.
        reason = tr(f"m.reason.{model['name']}", lang, total=total, share=pct(langs.get("en", 0) / total, digits=1))
    items.append({"head": tr("m.model", lang), "text": tr("m.model_text", lang, name=model.get("name", "?"),
                                                           dim=model.get("dim", "?"), reason=reason), "list": []})
    balance = balance_text(m, lang)
    if balance is not None:
        items.append({"head": tr("m.balance", lang), "text": " ".join(filter(None, (balance.mix, balance.verdict))),
                      "list": []})
    unit = unit_sentence(m, lang)
    if unit:
        items.append({"head": tr("m.unit", lang), "text": unit, "list": []})
    coverage = coverage_table(m, lang)
    if coverage is not None:
        items.append({"head": tr("coverage.title", lang), "text": tr("coverage.caption", lang),
                      "list": data_warnings(m, lang)})
        s.tables["coverage"] = Table(list(coverage.columns),
                                     [[str(r[0]), num(r[1]), f"{r[2]:.0f}", str(r[3])] for r in coverage.itertuples(index=False)],
                                     ["l", "r", "r", "l"], ["22%", "14%", "10%", "54%"])
    item, quality = breakdown_method(b, lang)
    if item is not None:
        items.append(item)
    if quality is not None:
        s.tables["breakdown_quality"] = quality
    item, nav_coverage = navigation_method(b, lang, ctx["tables"].get("applicants"))
    if item is not None:
        items.append(item)
    if nav_coverage is not None:
        s.tables["nav_coverage"] = nav_coverage
    items.append({"head": tr("m.how", lang), "text": tr("m.how_text", lang), "list": []})
    params = (m.get("parameters") or {})
    plist = [f"UMAP: " + ", ".join(f"{k} = {v}" for k, v in (params.get("reduce") or {}).items()),
             f"HDBSCAN: " + ", ".join(f"{k} = {_short(v)}" for k, v in (params.get("cluster") or {}).items())]
    items.append({"head": tr("m.params", lang), "text": "", "list": plist})
    limits = [tr("m.limit.sample", lang, n=len(b.points)),
              tr("m.limit.lag_publication" if ctx["window"].year_basis == "publication" else "m.limit.lag", lang,
                 complete=ctx["complete"], cutoff=ctx["cutoff"], lag=ctx["window"].lag_months),
              tr("m.limit.labels", lang), tr("m.limit.map", lang), tr("m.limit.names", lang)]
    if balance is not None and balance.warning:  # a map split by language or text type: said again here
        limits.append(balance.verdict)
    items.append({"head": tr("m.limits", lang), "text": "", "list": limits})
    s.items = items
    return s


def _short(v):
    return f"{v:.3g}" if isinstance(v, float) else v


def appendix_section(ctx, data) -> Section:
    lang, m = ctx["lang"], ctx["bundle"].manifest
    s = Section("appendix", tr("sec.appendix", lang))
    analysis = m.get("analysis") or {}
    model = m.get("model") or {}
    prov = [(tr("ap.corpus", lang), str(m.get("corpus") or m.get("title") or "—")),
            (tr("ap.built_at", lang), str(m.get("built_at", "—"))),
            (tr("ap.analysed_at", lang), str(analysis.get("at") or tr("ap.not_analysed", lang))),
            (tr("ap.rules", lang), str(analysis.get("rules", "—"))),
            (tr("ap.home", lang), str(analysis.get("home", "—"))),
            (tr("ap.watch", lang), str(analysis.get("watch") or "—")),
            (tr("ap.seed", lang), str(m.get("seed", "—"))),
            (tr("ap.model_version", lang), str(model.get("version", "—"))),
            (tr("ap.input_hash", lang), str(m.get("input_hash", "—"))),
            (tr("ap.report_made", lang), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))]
    kv = [tr("ap.key", lang), tr("ap.value", lang)]
    s.tables["provenance"] = Table(kv, [list(p) for p in prov], ["l", "l"], ["30%", "70%"])
    params = []
    for stage, values in (m.get("parameters") or {}).items():
        for k, v in (values or {}).items():
            params.append([f"{stage}.{k}", str(_short(v))])
    for k, v in (m.get("embedding_cache") or {}).items():
        params.append([f"embedding_cache.{k}", num(v)])
    s.tables["params"] = Table(kv, params, ["l", "l"], ["40%", "60%"])
    s.tables["versions"] = Table(kv, [[k, str(v)] for k, v in (m.get("versions") or {}).items()], ["l", "l"],
                                 ["40%", "60%"])
    timings = [[k, f"{v:.2f}"] for k, v in (m.get("timings") or {}).items()]
    timings += [[f"analyse.{k}", f"{v:.2f}"] for k, v in (analysis.get("timings") or {}).items()]
    s.tables["timings"] = Table(kv, timings, ["l", "r"], ["60%", "40%"])
    return s
