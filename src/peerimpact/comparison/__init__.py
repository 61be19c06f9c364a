"""Pre/post comparison: inputs read and scored (``inputs``), pupils matched across waves (``matching``),
measure pairs built (``pairs``), outcomes computed (``outcomes``) and assembled (``build``) into the
:class:`~peerimpact.comparison.model.CompareRun` that every report renders (``model``).

Nothing is imported here, so that importing the model does not load the builder.
"""
