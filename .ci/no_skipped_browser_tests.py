"""Fail when a browser test was skipped or none ran: CI must have driven a real Chromium."""

import sys
import xml.etree.ElementTree as ET

for report in sys.argv[1:]:
    cases = [c for c in ET.parse(report).iter("testcase") if "e2e" in c.get("classname", "")]
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    if not cases or skipped:
        sys.exit(f"{report}: {len(cases)} browser tests, skipped: {skipped}")
    print(f"{report}: {len(cases)} browser tests ran, none skipped")
