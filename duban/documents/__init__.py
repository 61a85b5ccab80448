"""Document builders: the .xlsx and .docx files duban hands out.

One place for every app's output files, so that a ledger export, a reconciliation sheet and an
assessment table look alike and share the same protections:

- ``xlsx``: workbooks in the layout offices use (title row, merged headers, frozen panes, print
  setup), every text cell written so that no spreadsheet runs it as a formula;
- ``gongwen``: Word documents in the official format (公文, GB/T 9704-2012).

No models here: callers gather their data and pass plain values in.
"""
