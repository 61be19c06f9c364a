"""Process plumbing shared by every layer: safe file writes and reads (``files``), garbage-collector
pauses for large acyclic builds (``gc``).  Standard library only."""
