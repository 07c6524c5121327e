"""Allows ``python -m yn_forms`` as well as the ``yn-forms`` console script."""

import sys

from yn_forms.cli import main

if getattr(sys, "frozen", False):  # the bundle: a worker of the 州市 desk's pool does its work here and exits
    import multiprocessing

    multiprocessing.freeze_support()
raise SystemExit(main())
