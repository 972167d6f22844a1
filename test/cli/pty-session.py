"""Runs a command in a pseudo-terminal and types into it, for tests of line editing.

Usage: python3 pty-session.py STEPS_JSON COMMAND [ARG ...]
STEPS_JSON is a list of [wait_for, keys]: wait until `wait_for` appears after the place where the
previous step's text was found, then type `keys`. Prints everything the terminal showed and exits with
the command's exit code. Each wait gives up after 20 seconds, printing what was seen, with code 124.
"""

import json
import os
import pty
import select
import sys
import time

steps = json.loads(sys.argv[1])
command = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

seen = b""


def read_some(timeout):
    global seen
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    seen += chunk
    return True


position = 0
for wait_for, keys in steps:
    pattern = wait_for.encode()
    deadline = time.monotonic() + 20
    while seen.find(pattern, position) < 0:
        if time.monotonic() > deadline or not read_some(deadline - time.monotonic()):
            sys.stdout.buffer.write(seen)
            sys.stderr.write("gave up waiting for %r\n" % wait_for)
            os.kill(pid, 9)
            sys.exit(124)
    position = seen.find(pattern, position) + len(pattern)
    os.write(fd, keys.encode())

deadline = time.monotonic() + 20
while time.monotonic() < deadline and read_some(deadline - time.monotonic()):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(seen)
sys.exit(os.waitstatus_to_exitcode(status))
