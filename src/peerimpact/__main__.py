"""``python -m peerimpact``."""

from peerimpact.cli.app import main

main()
