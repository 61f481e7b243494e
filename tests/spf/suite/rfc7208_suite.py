#!/usr/bin/python3
# The RFC 7208 conformance suite (openspf.org, release 2014.04, as Debian's python3-spf ships it) in
# CTest: this script only turns the YAML into JSON, which the C++ driver can read; the driver
# (rfc7208_suite.cpp) builds each scenario's zone, runs every test and says what passed.
#
#   rfc7208_suite.py DRIVER SUITE.yml.gz WORKDIR
#
# Run with /usr/bin/python3: python3-yaml is installed for Debian's interpreter only.
import gzip
import json
import os
import subprocess
import sys

import yaml


def main():
    driver, suite, workdir = sys.argv[1:4]
    os.makedirs(workdir, exist_ok=True)
    opener = gzip.open if suite.endswith(".gz") else open
    with opener(suite, "rb") as f:
        scenarios = list(yaml.safe_load_all(f))
    out = os.path.join(workdir, "rfc7208-tests.json")
    # Strings keep their code points; json escapes what is not ASCII and the driver reads it back as
    # UTF-8, the bytes pyspf's own driver puts on the wire (str.encode('utf-8')).
    with open(out, "w", encoding="ascii") as f:
        json.dump(scenarios, f, default=str)
    sys.stdout.flush()
    return subprocess.call([driver, out])


if __name__ == "__main__":
    sys.exit(main())
