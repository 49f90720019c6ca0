#!/usr/bin/env python3
"""Prints the N slowest tests of one or more TRX files (dotnet test --logger trx), with the run each belongs to.

Usage: tools/slowest-tests.py N FILE.trx [FILE.trx...]   (test.sh calls it at the end of every run)
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(text):
    hours, minutes, rest = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    count = int(argv[1])
    rows = []
    for path in argv[2:]:
        run = os.path.splitext(os.path.basename(path))[0]
        for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
            rows.append((seconds(result.get("duration", "0:0:0")), run, result.get("outcome", "?"), result.get("testName", "?")))
    rows.sort(key=lambda row: row[0], reverse=True)
    for duration, run, outcome, name in rows[:count]:
        print(f"  {duration:6.1f} s  {run:<28} {outcome:<7} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
