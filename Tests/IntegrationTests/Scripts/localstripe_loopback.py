"""Runs localstripe (the pinned PyPI package) the way a test needs it: on loopback only, with nothing on disk.

localstripe 1.15's own `start()` binds every interface ("::") and pickles its whole store to
/tmp/localstripe.pickle after every change (and loads it at start without --from-scratch), so two tests would share
state and a leftover file would leak into the next run. Its server module exposes the aiohttp `app` and the `store`;
this script turns the store's disk methods into no-ops and serves the same app on 127.0.0.1.

Usage: localstripe_loopback.py --port N   (0 picks a free port; the chosen one is printed as
"localstripe listening on http://127.0.0.1:N")
"""

import argparse
import asyncio
import socket
import sys

from aiohttp import web
from localstripe import resources, server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    # Persistence off: the store stays in memory and starts empty.
    resources.Store.try_load_from_disk = lambda self: None
    resources.Store.dump_to_disk = lambda self: None
    resources.store.clear()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]

    def announce(_message):
        # run_app prints once its site accepts connections, which is when a test may start calling.
        print(f"localstripe listening on http://127.0.0.1:{port}", flush=True)

    web.run_app(server.app, sock=sock, print=announce, handle_signals=True)


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    sys.exit(main())
