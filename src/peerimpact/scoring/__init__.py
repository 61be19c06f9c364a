"""One survey file scored: pupil ids (``ids``), response checks (``validation``), the generic scorer
(``engine``), and :func:`~peerimpact.scoring.score.score_table`, which ties them together into a
:class:`~peerimpact.scoring.run.ScoreRun` (``run``, the model every score view renders).
"""
