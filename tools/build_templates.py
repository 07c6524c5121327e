"""Rebuild the shipped templates: ``python -m tools.build_templates``.

The generated .docx/.xlsx files are committed under ``templates/``; this script is
how they were authored and is re-run when a layout changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.forms import consumer_brand, digital_scenario, innovation_centre, innovation_consortium

ROOT = Path(__file__).resolve().parent.parent
BUILDERS = {
    "innovation-centre": innovation_centre.build,
    "innovation-consortium": innovation_consortium.build,
    "consumer-brand": consumer_brand.build,
    "digital-scenario": digital_scenario.build,
}


def main(argv: list[str]) -> int:
    wanted = argv or list(BUILDERS)
    for form_id in wanted:
        for path in BUILDERS[form_id](ROOT / "templates" / form_id):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
