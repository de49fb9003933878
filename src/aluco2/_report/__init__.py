"""Render results as text tables, CSV, workbooks and pictures; write output files safely.

This is the only module that turns results into tables, CSV, workbooks and
pictures. It never computes: it formats what the library returns. The JSON
documents are the results' own ``to_dict()``, built beside each result type;
their text (:func:`to_json`) is deterministic (sorted keys, fixed separators),
so the same inputs give byte-identical files.
"""

from aluco2._json import to_json
from aluco2._report._output import OutputTarget, output_target, write_bytes, write_text
from aluco2._report._text import text_table
from aluco2._report.batch import batch_csv, batch_errors_csv, batch_parquet, batch_summary
from aluco2._report.cbam import (
    cbam_csv,
    cbam_table,
    cbam_xlsx,
    defaults_csv,
    defaults_table,
)
from aluco2._report.factors import (
    factor_detail,
    factors_csv,
    factors_json,
    factors_markdown,
    factors_table,
)
from aluco2._report.footprint import (
    compare_csv,
    compare_table,
    footprint_csv,
    footprint_table,
)
from aluco2._report.optimise import (
    pareto_csv,
    pareto_png,
    pareto_table,
    plan_csv,
    plan_table,
)

__all__ = [
    "OutputTarget",
    "batch_csv",
    "batch_errors_csv",
    "batch_parquet",
    "batch_summary",
    "cbam_csv",
    "cbam_table",
    "cbam_xlsx",
    "compare_csv",
    "compare_table",
    "defaults_csv",
    "defaults_table",
    "factor_detail",
    "factors_csv",
    "factors_json",
    "factors_markdown",
    "factors_table",
    "footprint_csv",
    "footprint_table",
    "output_target",
    "pareto_csv",
    "pareto_png",
    "pareto_table",
    "plan_csv",
    "plan_table",
    "text_table",
    "to_json",
    "write_bytes",
    "write_text",
]
