"""Reports of a map: the industry patent trend report (产业专利发展态势报告) as PDF or HTML,
and its tables as Excel, in Chinese or English. Figures and rendering only: every number
comes from the map bundle's tables (see ``content.py``).

    from landscape.report import write_report
    write_report("workspace", "led", "led-report.pdf", lang="zh")
"""
from __future__ import annotations

from landscape.report.render import (ReportError, report_html, report_pdf_bytes, report_xlsx_bytes,
                                     write_report)

__all__ = ["ReportError", "report_html", "report_pdf_bytes", "report_xlsx_bytes", "write_report"]
