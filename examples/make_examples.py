"""Write peerimpact's example survey exports (synthetic pupils) into a folder.

    python examples/make_examples.py [OUT_DIR]        (default: examples/data/ beside this script)

The survey exports come from ``peerimpact.demo.surveys.write_examples`` — the same ones ``peerimpact demo``
writes — and the two entry sheets for the Children's Hope Scale and the PISA belonging statements from
``peerimpact.demo.instrument_examples.write_instrument_examples`` (not written by the demo), and two
reading-age files for ``compare --measure`` / ``--dose-column`` from
``peerimpact.demo.evaluator_examples.write_evaluator_examples`` (the demo writes these too).  All are
byte-identical on every run.  See examples/README.md for what each file holds and the mess built into it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:
    from peerimpact.demo.evaluator_examples import write_evaluator_examples
    from peerimpact.demo.instrument_examples import write_instrument_examples
    from peerimpact.demo.surveys import write_examples
except ModuleNotFoundError:  # a repository checkout without ``pip install -e .``: use its src/ folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from peerimpact.demo.evaluator_examples import write_evaluator_examples
    from peerimpact.demo.instrument_examples import write_instrument_examples
    from peerimpact.demo.surveys import write_examples


def main(argv: list[str] | None = None) -> int:
    """Parse the optional folder, write the files, print one path per line."""
    parser = argparse.ArgumentParser(
        description="Write peerimpact's example survey exports (synthetic pupils)."
    )
    parser.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parent / "data",
        help="folder to write into (default: examples/data/)",
    )
    args = parser.parse_args(argv)
    written = [
        *write_examples(args.out_dir),
        *write_instrument_examples(args.out_dir),
        *write_evaluator_examples(args.out_dir),
    ]
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
