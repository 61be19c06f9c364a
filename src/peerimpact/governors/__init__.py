"""The termly governors' report: ``programme`` (programme.toml), ``activity_log``, ``scaffold`` (the
folder ``peerimpact init`` writes), the report model (``model``, plain data that the views render), its
builder (``build`` with ``outcomes``, ``process``, ``trend``, ``text``) and disclosure control
(``suppression``).

Nothing is imported here, so that importing the model does not load the builder.
"""
