"""Presentation shared by the app (``landscape.views``) and the report (``landscape.report``):
each area's colour and name in a language, the terrain under the map, where area labels go, the
data-coverage table. Each exists once, here; neither display layer draws its own.

Nothing here computes an analysis: it turns bundle tables into what a reader sees."""
