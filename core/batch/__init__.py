"""Many reports at once: ``run`` (worker processes, one row per file), ``workbook`` (the audit
workbook of a batch) and ``export`` (the findings of one report as a workbook)."""
