"""Yearly counts and trend figures, the incomplete recent years shaded, the year axis named by
what its years are (filing, priority or publication years). No trend is computed here: the
trend summary is a bundle table ``analyse`` writes (``trend_summary.parquet``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.rules.years import year_title
from landscape.present.names import area_labels
from landscape.present.palette import FONT, UNASSIGNED

# --------------------------------------------------------------------------- trends

def yearly_counts(points: pd.DataFrame, by_area: bool = False) -> pd.DataFrame:
    """Filings per year (``year``, ``count``), or per area and year (``area``, ``year``, ``count``)."""
    pts = points.dropna(subset=["year"])
    keys = ["area", "year"] if by_area else ["year"]
    out = pts.groupby(keys).size().rename("count").reset_index()
    out["year"] = out["year"].astype(int)
    return out


def _year_range(years, counts, share: float = 0.02) -> list[float] | None:
    """The x range worth showing: from the first year with at least ``share`` of the busiest
    year's filings (decades of single filings would squash the chart), to the newest year."""
    years, counts = np.asarray(years, dtype=float), np.asarray(counts, dtype=float)
    if not len(years):
        return None
    busy = years[counts >= share * counts.max()]
    start = max(years.min(), (busy.min() if len(busy) else years.min()) - 1)
    return [start - 0.5, years.max() + 0.5]


def _shade_incomplete(fig, last_complete: int | None, max_year: int | None, lang: str) -> None:
    if last_complete is None or max_year is None or max_year <= last_complete:
        return
    fig.add_vrect(x0=last_complete + 0.5, x1=max_year + 0.5, fillcolor="#888", opacity=0.15, line_width=0)
    fig.add_annotation(x=last_complete + 0.5, y=1, yref="paper", xanchor="right", yanchor="bottom",
                       showarrow=False, text=t("trends.incomplete", lang) + " →", font=dict(size=11, color="#555"))


def year_bar_figure(counts: pd.DataFrame, last_complete: int | None, lang: str, colour: str = "#1f77b4",
                    basis: str = "filing"):
    """Filings per year as bars; the incomplete recent years shaded and drawn paler."""
    import plotly.graph_objects as go

    incomplete = counts["year"] > last_complete if last_complete is not None else np.zeros(len(counts), bool)
    fig = go.Figure(go.Bar(x=counts["year"], y=counts["count"], marker_color=colour,
                           marker_opacity=np.where(incomplete, 0.45, 1.0).tolist(),
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    _shade_incomplete(fig, last_complete, int(counts["year"].max()) if len(counts) else None, lang)
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT),
                      xaxis_title=year_title(basis, lang), yaxis_title=t("trends.filings", lang), bargap=0.15,
                      plot_bgcolor="white", xaxis=dict(range=_year_range(counts["year"], counts["count"])))
    return fig


def trend_lines_figure(counts: pd.DataFrame, areas: list[int], labels: dict[int, str], last_complete,
                       lang: str, stacked: bool = False, colours: dict[int, str] | None = None,
                       basis: str = "filing"):
    """Filings per year for the chosen areas: lines, or stacked areas; fixed colour per area."""
    import plotly.graph_objects as go

    fig = go.Figure()
    years = sorted(counts["year"].unique()) if len(counts) else []
    for area in areas:
        c = counts[counts["area"] == area].set_index("year")["count"].reindex(years, fill_value=0)
        fig.add_trace(go.Scatter(x=years, y=c.to_numpy(), name=labels.get(area, str(area)),
                                 mode="lines" if stacked else "lines+markers",
                                 line=dict(color=colours.get(int(area), UNASSIGNED), width=2),
                                 stackgroup="one" if stacked else None, meta={"area": int(area)},
                                 hovertemplate="%{x}: %{y}<extra>" + labels.get(area, "") + "</extra>"))
    _shade_incomplete(fig, last_complete, int(max(years)) if years else None, lang)
    shown = counts[counts["area"].isin(areas)].groupby("year")["count"].sum()
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT), plot_bgcolor="white",
                      xaxis_title=year_title(basis, lang), yaxis_title=t("trends.filings", lang),
                      xaxis=dict(range=_year_range(shown.index, shown.to_numpy())),
                      legend=dict(font=dict(size=11)), hovermode="x unified" if stacked else "closest")
    fig.update_yaxes(gridcolor="#eee")
    return fig
