"""What the real-client scripts share about a served lesson (`mailsim serve --ports-file F`)."""
import json
import sys
import time


def wait_for_ports(ports_file, seconds=5.0):
    """The ports file's table, {(host, simulated port): real port}, once `mailsim serve` has written
    it (it does when every port is open); exits the script when it never appears."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return {(m["host"], m["port"]): m["real_port"] for m in json.load(open(ports_file))}
        except (OSError, ValueError):
            time.sleep(0.05)
    sys.exit("the server did not start")
