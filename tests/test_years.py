"""The time window: year basis, cut-off date, publication lag and the last complete year."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from landscape.rules.years import (TimeWindow, basis_words, data_cutoff, last_complete_from_years,
                                   last_complete_year, parse_as_of, record_years, time_window,
                                   year_basis, year_of)

D = dt.date


@pytest.mark.parametrize("cutoff, expected", [
    (D(2024, 4, 15), 2021),   # 2022's filings are published by 2024-06-30: not yet
    (D(2024, 6, 29), 2021),
    (D(2024, 6, 30), 2022),   # the day the last of 2022 is published
    (D(2024, 12, 31), 2022),
    (D(2025, 1, 1), 2022),
    (D(2025, 6, 30), 2023),
])
def test_last_complete_filing_year_waits_eighteen_months(cutoff, expected):
    assert last_complete_year(cutoff) == expected


def test_lag_is_a_setting_and_publication_years_need_none():
    assert last_complete_year(D(2024, 4, 15), lag_months=30) == 2020
    assert last_complete_year(D(2024, 4, 15), lag_months=0) == 2023
    # A publication year is complete once it has ended.
    assert last_complete_year(D(2024, 4, 15), basis="publication") == 2023
    assert last_complete_year(D(2024, 12, 31), basis="publication") == 2024
    assert last_complete_year(None) is None


def test_years_only_gives_the_old_rule():
    # Without a cut-off date, 31 December of the newest year: newest year minus two.
    assert last_complete_from_years([2015, 2023, None, 2020]) == 2021
    assert last_complete_from_years(pd.Series([None], dtype="Int32")) is None


def _records(rows):
    return pd.DataFrame(rows, columns=["filing_date", "priority_date", "publication_date"])


def test_year_falls_back_filing_priority_publication():
    assert year_of(D(2020, 5, 1), D(2019, 5, 1), D(2021, 11, 1)) == 2020
    assert year_of(None, D(2019, 5, 1), D(2021, 11, 1)) == 2019
    assert year_of(None, None, D(2021, 11, 1)) == 2021
    assert year_of(None, None, None, hint=2018) == 2018
    assert year_of(None, pd.NaT, None) is None


def test_publication_only_export_is_named_publication_years():
    recs = _records([(None, None, D(2023, 3, 1)), (None, None, D(2024, 4, 10)),
                     (D(2019, 1, 2), None, D(2020, 7, 1))])
    window, years = time_window(recs, today=D(2026, 1, 1))
    assert window.year_basis == "publication"
    assert window.label("en") == "publication year" and window.label("zh") == "公开年"
    # Publication years throughout, even for the record that has a filing date.
    assert years.tolist() == [2023, 2024, 2020]
    assert window.cutoff == "2024-04-10" and window.cutoff_source == "publications"
    assert window.last_complete_year == 2023


def test_april_export_of_filing_years():
    recs = _records([(D(2018, 3, 1), None, D(2019, 9, 1)), (D(2022, 12, 1), None, D(2024, 4, 10)),
                     (None, D(2017, 2, 2), D(2018, 8, 8)), (D(2023, 1, 5), None, None)])
    window, years = time_window(recs, today=D(2026, 1, 1))
    assert window.year_basis == "filing" and window.basis_share == 0.75
    assert years.tolist() == [2018, 2022, 2017, 2023]
    assert window.cutoff == "2024-04-10"
    assert window.last_complete_year == 2021
    assert (window.first_year, window.last_year) == (2017, 2023)
    # --as-of overrides the data's own cut-off.
    later, _ = time_window(recs, as_of=D(2025, 7, 1), today=D(2026, 1, 1))
    assert later.cutoff_source == "as_of" and later.last_complete_year == 2023


def test_future_publication_dates_are_typing_errors():
    recs = _records([(D(2020, 1, 1), None, D(2024, 4, 10)), (D(2020, 1, 1), None, D(2204, 4, 10))])
    assert data_cutoff(recs, today=D(2026, 1, 1)) == (D(2024, 4, 10), "publications")


def test_no_publication_dates_falls_back_to_years():
    recs = _records([(D(2020, 1, 1), None, None), (D(2023, 6, 1), None, None)])
    window, _ = time_window(recs)
    assert window.cutoff == "2023-12-31" and window.cutoff_source == "years"
    assert window.last_complete_year == 2021
    assert window.cutoff_text("en") == "2023-12-31 (assumed: the records carry no publication date)"
    assert window.cutoff_text("zh").startswith("2023-12-31（假定")


def test_priority_basis_when_filing_dates_are_rare():
    recs = _records([(None, D(2019, 1, 1), D(2020, 7, 1)), (None, D(2020, 1, 1), D(2021, 7, 1)),
                     (D(2021, 1, 1), None, D(2022, 7, 1))])
    assert year_basis(recs) == ("priority", 1.0)
    assert record_years(recs, "priority").tolist() == [2019, 2020, 2021]


def test_undated_records_keep_filing_years():
    recs = _records([(None, None, None), (None, None, None), (None, None, D(2020, 1, 1))])
    recs["year_hint"] = [2011, 2012, None]
    assert year_basis(recs) == ("filing", 0.0)
    assert record_years(recs, "filing").tolist() == [2011, 2012, 2020]


def test_manifest_round_trip_and_old_bundles():
    recs = _records([(D(2020, 1, 1), None, D(2024, 4, 10))])
    window, _ = time_window(recs, today=D(2026, 1, 1))
    assert TimeWindow.from_manifest({"time_window": window.to_manifest()}) == window
    old = TimeWindow.from_manifest({"years": [2001, 2023], "last_complete_year": 2021})
    assert old.last_complete_year == 2021 and old.year_basis == "filing" and old.cutoff_source == "years"
    older = TimeWindow.from_manifest({}, years=pd.Series([2010, 2020]))
    assert older.last_complete_year == 2018 and older.last_year == 2020


def test_basis_words_and_as_of():
    assert basis_words("filing", "zh") == "申请年" and basis_words("priority", "en") == "priority year"
    assert parse_as_of("2024-04-15") == D(2024, 4, 15) and parse_as_of(None) is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_as_of("April 2024")


# --------------------------------------------------------------------------- end to end

@pytest.fixture(scope="module")
def april_map(tmp_path_factory):
    """The hand-made PatSnap export cut off on 2024-04-10, built and analysed through the CLI."""
    from click.testing import CliRunner
    from signed_export import write_export

    from landscape.cli import main

    ws = tmp_path_factory.mktemp("april")
    answers = write_export(ws / "april.csv")
    result = CliRunner().invoke(main, ["build", "--input", str(ws / "april.csv"), "--name", "april",
                                       "--model", "tfidf", "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    return ws, answers


def test_april_cutoff_export_end_to_end(april_map):
    from growth_checks import assert_growth_consistent

    from landscape.maps import read_bundle

    ws, answers = april_map
    b = read_bundle(ws, "april")
    w = b.manifest["time_window"]
    assert (w["cutoff"], w["cutoff_source"], w["year_basis"]) == (answers.cutoff.isoformat(), "publications", "filing")
    assert w["last_complete_year"] == b.manifest["last_complete_year"] == answers.last_complete_year == 2021
    # Only 2022 is shaded incomplete; 2021 is used (the bug shaded 2021 and 2022).
    trends = b.table("trends")
    assert set(trends.loc[trends["incomplete"], "year"]) == {2022}
    summary = b.table("trend_summary")
    assert (summary["recent_window"] == "2019–2021").all() and (summary["before_window"] == "2016–2018").all()
    assert assert_growth_consistent(b) > 0
    # Counted by filing year, one row per application.
    assert b.points["year"].value_counts().to_dict() == answers.by_year


def test_as_of_on_analyse_moves_the_window(april_map):
    from click.testing import CliRunner

    from landscape.cli import main
    from landscape.maps import read_bundle

    ws, _ = april_map
    run = CliRunner().invoke(main, ["analyse", "--map", "april", "--as-of", "2024-07-01", "--workspace", str(ws),
                                    "--json"])
    assert run.exit_code == 0, run.output
    b = read_bundle(ws, "april")
    assert b.manifest["time_window"]["cutoff_source"] == "as_of"
    assert b.manifest["last_complete_year"] == 2022
    assert (b.table("trend_summary")["recent_window"] == "2020–2022").all()
    bad = CliRunner().invoke(main, ["analyse", "--map", "april", "--as-of", "April", "--workspace", str(ws)])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_publication_date_only_export_says_publication_years(april_map, tmp_path):
    import csv

    from click.testing import CliRunner

    from landscape import views
    from landscape.cli import main
    from landscape.maps import read_bundle

    ws, _ = april_map
    # The same export without its filing dates (申请日): only publication dates are left.
    with (ws / "april.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out = tmp_path / "published.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[k for k in rows[0] if k != "申请日"])
        w.writeheader()
        w.writerows({k: v for k, v in r.items() if k != "申请日"} for r in rows)
    run = CliRunner().invoke(main, ["build", "--input", str(out), "--name", "published", "--model", "tfidf",
                                    "--no-analyse", "--workspace", str(tmp_path / "ws")])
    assert run.exit_code == 0, run.output
    b = read_bundle(tmp_path / "ws", "published")
    w = b.manifest["time_window"]
    assert (w["year_basis"], w["cutoff"], w["last_complete_year"]) == ("publication", "2024-04-10", 2023)
    years = pd.Series(b.points["year"]).value_counts()
    assert years.index.max() == 2024                       # publication years reach the cut-off
    counts = views.yearly_counts(b.points)
    assert views.year_bar_figure(counts, 2023, "en", basis="publication").layout.xaxis.title.text == "Publication year"
    assert views.year_bar_figure(counts, 2023, "zh", basis="publication").layout.xaxis.title.text == "公开年"


@pytest.mark.realdata
@pytest.mark.slow
def test_real_cnki_export_is_a_map_of_publication_years(tmp_path):
    """The CNKI export carries publication dates only (2022-12 to 2025-03): its years are
    publication years, the cut-off its latest publication, and with three years of data no
    area has a growth figure to show, only "too few"."""
    from click.testing import CliRunner
    from growth_checks import assert_growth_consistent

    from landscape.cli import main
    from landscape.demo import demo_data_dir
    from landscape.maps import read_bundle

    export = demo_data_dir() / "raw" / "cnki-sysu-cn-export" / "Patent.csv"
    if not export.exists():
        pytest.fail(f"real data not found at {export}; set $LANDSCAPE_CORPORA to the shared corpora folder")
    ws = tmp_path / "ws"
    run = CliRunner().invoke(main, ["build", "--input", str(export), "--name", "sysu", "--model", "tfidf",
                                    "--workspace", str(ws), "--json"])
    assert run.exit_code == 0, run.output
    b = read_bundle(ws, "sysu")
    w = b.manifest["time_window"]
    assert (w["year_basis"], w["cutoff"], w["cutoff_source"]) == ("publication", "2025-03-25", "publications")
    assert w["last_complete_year"] == 2024 and (w["first_year"], w["last_year"]) == (2022, 2025)
    assert assert_growth_consistent(b) >= len(b.clusters)
    assert set(b.table("trend_summary")["status"]) == {"too few"}
    assert b.clusters["growth"].isna().all()
