"""Shared rules: each defined once and imported by analyses, app, report and Excel alike."""
