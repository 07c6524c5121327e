"""Allows ``python -m yn_forms`` as well as the ``yn-forms`` console script."""

from yn_forms.cli import main

raise SystemExit(main())
