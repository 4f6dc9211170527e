"""``python -m dnn_core ...`` runs the command line of ``dnn_core.cli``."""

from .cli import main

raise SystemExit(main())
