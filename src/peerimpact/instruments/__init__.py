"""Instruments declared as data (``data/*.toml``) and the model the generic scorer reads."""

from peerimpact.instruments.load import BUILTIN, load_builtin, load_instrument_file
from peerimpact.instruments.model import Band, Instrument, Scale, normalise_label

__all__ = [
    "BUILTIN",
    "Band",
    "Instrument",
    "Scale",
    "load_builtin",
    "load_instrument_file",
    "normalise_label",
]
