"""Example-data generators for ``peerimpact demo`` and ``examples/`` (synthetic pupils, fixed seeds).

Imported by nothing but the demo command and ``examples/make_examples.py``.
"""
