"""What the app shows, computed from a map bundle's tables: filters, colours, tables, figures,
downloads. Pure functions (no Streamlit); the pages in ``app_pages/`` only lay them out.
What the app and the report share (colours, area names, the terrain, label placement, the
coverage table) lives one level down, in :mod:`landscape.present`.

Compute first, draw second: the ``*_table`` and ``*_mask`` functions return pandas/numpy
values that tests can check directly; the ``*_figure`` functions turn them into Plotly figures.
"""
from landscape.map_tables import as_list  # noqa: F401
from landscape.present.palette import (  # noqa: F401
    FONT,
    PALETTE,
    TERRAIN,
    UNASSIGNED,
    _colour_distance,
    area_colour,
    area_colours,
)
from landscape.present.names import area_labels, code_title, short_label  # noqa: F401
from landscape.views.filters import (  # noqa: F401
    PointFilter,
    applicant_mask,
    filter_mask,
    normalise_prefixes,
    options,
    top_applicants,
)
from landscape.views.figures import (  # noqa: F401
    hover_texts,
    label_spots,
    map_figure,
    white_space_descriptions,
)
from landscape.views.tables import (  # noqa: F401
    area_table,
    match_reasons,
    patents_table,
)
from landscape.views.trends import (  # noqa: F401
    trend_lines_figure,
    year_bar_figure,
    yearly_counts,
)
from landscape.views.spaces import (  # noqa: F401
    nearest_white_space,
    rank_white_spaces,
    white_space_surroundings,
    zoom_box,
)
from landscape.views.downloads import (  # noqa: F401
    alerts_table,
    localise,
    to_csv,
    to_excel,
)
from landscape.present.balance import balance_text  # noqa: F401
from landscape.present.coverage import (  # noqa: F401
    coverage_table,
    data_warnings,
    unit_sentence,
)
from landscape.views.bigmap import (  # noqa: F401
    POINTS_LIMIT,
    area_boxes,
    count_line,
    points_limit,
    split_for_drawing,
)
