"""Technology breakdown (产业链技术分解): an analyst's branches (TOML), every patent of a map
assigned to them with a score, or explicitly unassigned.

    from landscape.breakdown import load_taxonomy, breakdown_table
    table, notes = breakdown_table(read_bundle(ws, "toys"), load_taxonomy("corpora/breakdowns/toys.toml"))
"""
from landscape.breakdown.assign import TABLE_COLUMNS, AssignSettings, assign
from landscape.breakdown.bundle import breakdown_table
from landscape.breakdown.examples import read_examples
from landscape.breakdown.taxonomy import Branch, Taxonomy, TaxonomyError, builtin_dir, load_taxonomy

__all__ = ["AssignSettings", "Branch", "TABLE_COLUMNS", "Taxonomy", "TaxonomyError", "assign", "breakdown_table",
           "builtin_dir", "load_taxonomy", "read_examples"]
