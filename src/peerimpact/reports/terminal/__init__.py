"""Terminal views (rich): the score summary and issues, the compare report, instrument descriptions."""
