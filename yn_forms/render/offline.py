"""LibreOffice kept offline: the second wall behind the refusal of templates that reach outside.

``render.docxguard`` refuses every document that links outside the machine before it is
written, so LibreOffice should never be handed one. Should something slip through, the
conversion itself is kept from fetching:

- **Its settings.** Before each conversion the profile's ``registrymodifications.xcu``
  (the user layer of LibreOffice's configuration, read at start) is made to say: block
  every link of a document outside the trusted locations (``Common/Security/Scripting/
  BlockUntrustedRefererLinks`` — linked images, media, external settings; the app trusts
  no location), update Writer's and Calc's links never (``Writer/Content/Update/Link`` 0,
  ``Calc/Content/Update/Link`` 1: the two enums differ) and run no macros. LibreOffice
  writes the file back on exit with these values in it; they are set again every time, so a
  profile can never drift back.
- **A network namespace** on Linux: ``unshare -rn`` runs LibreOffice in a user and network
  namespace of its own, where the only interface is a loopback that is down — no connection
  can be made at all, not even to this machine. Where that is not possible (another system,
  a kernel or container without unprivileged user namespaces) it is left out silently; the
  settings still hold.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

OOR = "http://openoffice.org/2001/registry"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

#: (configuration path, property, value) that keep a conversion from following links
OFFLINE_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),  # sw's NEVER
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),  # sc's LM_NEVER
)
#: set to False to convert without the namespace (the no-network test tries each wall alone)
USE_NETWORK_NAMESPACE = True


def write_offline_settings(profile: Path) -> None:
    """Make the profile's user settings keep LibreOffice offline, keeping every other setting."""
    write_settings(profile, OFFLINE_SETTINGS)


def write_settings(profile: Path, settings: tuple[tuple[str, str, str], ...]) -> None:
    """Set each (configuration path, property, value) of *settings* in the profile's user settings, keeping every
    other setting (``render.profiles`` sets its own this way too)."""
    path = profile / "user" / "registrymodifications.xcu"
    root = None
    with contextlib.suppress(OSError, etree.LxmlError):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    if root is None or root.tag != f"{{{OOR}}}items":
        root = etree.Element(f"{{{OOR}}}items", nsmap={"oor": OOR, "xs": XS, "xsi": XSI})
    for config_path, name, value in settings:
        for item in root.findall("item"):
            prop = item.find("prop")
            if item.get(f"{{{OOR}}}path") == config_path and prop is not None and prop.get(f"{{{OOR}}}name") == name:
                root.remove(item)
        item = etree.SubElement(root, "item", {f"{{{OOR}}}path": config_path})
        prop = etree.SubElement(item, "prop", {f"{{{OOR}}}name": name, f"{{{OOR}}}op": "fuse"})
        etree.SubElement(prop, "value").text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".yn-tmp")
    temp.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    os.replace(temp, path)


def offline_command(command: list[str]) -> list[str]:
    """*command* run without a network where the system allows it (Linux: ``unshare -rn``)."""
    unshare = _network_namespace()
    if USE_NETWORK_NAMESPACE and unshare is not None:
        return [unshare, "-rn", *command]
    return command


@functools.lru_cache(maxsize=1)
def _network_namespace() -> str | None:
    """``unshare`` if it can make a user and network namespace here (tried once, with ``true``)."""
    if not sys.platform.startswith("linux"):
        return None
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    try:
        done = subprocess.run([unshare, "-rn", "true"], stdin=subprocess.DEVNULL, capture_output=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return unshare if done.returncode == 0 else None
