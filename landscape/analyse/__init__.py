"""Navigation analytics: tables in, tables out. Nothing here reads the store or draws.

Every analysis takes the tables of a map bundle (see ``landscape/maps.py``):

- ``points``: one row per patent — ``id``, ``title``, ``x``, ``y`` (2-d map), ``cluster``
  (technology area, -1 unassigned), ``area`` (area incl. the nearest one for unassigned
  patents: use this for analytics), ``topic``, ``year`` (on the map's year basis, see
  :mod:`landscape.rules.years`: filing year, else priority, else publication; may be missing), ``applicant`` (first normalised applicant), ``applicants``
  (all normalised applicants, list), ``country`` (office), ``lang``, ``doc_type``, ``codes``.
- ``clusters``: one row per area — ``id``, ``label_en``, ``label_zh``, ``terms_en``,
  ``terms_zh`` (lists), ``size``, ``top_codes``, ``top_code_titles``, ``growth`` and ``trend``
  (:mod:`landscape.rules.growth`), ``x``, ``y``.
- the manifest's ``time_window`` (:class:`landscape.rules.years.TimeWindow`): the cut-off date,
  the year basis and the last complete year every window ends at.
- ``documents``: ``id``, ``title``, ``abstract``, dates, ``applicants`` as written, ...
- the 5-d layout the clusters were found in (``bundle.model().cluster_embedding``), row-aligned
  with ``points``.

and returns a pandas DataFrame that the bundle stores as ``<name>.parquet``
(white_spaces, alerts, trends, trend_summary, effects, competitors, ...). What the app and
the report pick out of those (leading applicants per area, effect gaps, the fastest-growing area,
the corporate groups) is picked here too (:mod:`landscape.analyse.highlights`) and stored, so the
display layers never import this package.
"""
