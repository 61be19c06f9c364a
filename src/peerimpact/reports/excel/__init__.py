"""Excel views: scored-file, compare and governors' workbooks, written as streamed XML (``stream``)
with shared formats (``sheet``)."""
