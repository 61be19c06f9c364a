"""MIS exports: attendance and behaviour, read into per-pupil measures (SPEC §6).

:mod:`~peerimpact.mis.attendance` reads per-pupil attendance summaries and (with
:mod:`~peerimpact.mis.register`) session-level registers into an ``AttendancePeriod``;
:mod:`~peerimpact.mis.behaviour` reads behaviour event logs and per-pupil totals into ``BehaviourCounts``.
What they share is data-driven and lives beside them: :mod:`~peerimpact.mis.codes` (the DfE attendance code
table), :mod:`~peerimpact.mis.columns` (heading synonyms, ``--map``, pruning to the columns a result needs) and
:mod:`~peerimpact.mis._common` (the row ledger; numbers and dates — real Excel dates, ISO text and UK
``dd/mm/yyyy`` text, never the US order).

Nothing is imported here: import from the module that defines a name.
"""
