"""Words from results: number formatting (``numbers``: decimals, "p < .001", half-up rounding) and the
verdicts and plain-English sentences (``verdicts``, reporting.md)."""
