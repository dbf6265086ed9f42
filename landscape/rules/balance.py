"""The words of a map's ``language_balance`` note (manifest), shared by the analysis that writes
it (landscape.analyse.language_balance) and the pages and report that read it."""

#: The two attributes a map may split by.
LANGUAGE, TEXT_TYPE = "language", "text_type"
#: The verdicts per attribute: mixed, split, or only one value with enough patents to compare.
MIXED, SPLIT, ONE = "mixed", "split", "one"
