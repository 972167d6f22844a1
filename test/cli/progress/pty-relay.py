"""Runs a command in a pseudo-terminal of a given size and relays what the terminal shows, as it comes.

Usage: python3 pty-relay.py COLUMNS ROWS COMMAND [ARG ...]
Everything the command writes to the terminal is copied to this process's stdout at once (unbuffered),
so a test can watch the screen while the command runs. SIGINT is passed on to the command. Exits with the command's exit code; gives up
after 60 seconds (killing the command, code 124).
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

columns, rows = int(sys.argv[1]), int(sys.argv[2])
command = sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

# Ctrl-C for the command: SIGINT sent to this process goes on to it.
signal.signal(signal.SIGINT, lambda *_: os.kill(pid, signal.SIGINT))
# The size the child sees (process.stderr.columns and rows).
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
deadline = time.monotonic() + 60
while True:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.exit(124)
    ready, _, _ = select.select([fd], [], [], remaining)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    os.write(1, chunk)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
