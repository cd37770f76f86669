"""frontlines watch FEED... : poll RSS/Atom feeds, analyse new articles into the store."""
from __future__ import annotations

import signal
import sys
import threading


def register(sub) -> None:
    p = sub.add_parser("watch", help="poll RSS/Atom feeds and analyse each new article into the store",
                       description="Poll feeds (URLs or files), fetch each new article page politely "
                       "(robots.txt, user agent, timeouts, retries), analyse it into the store. What was "
                       "seen is kept in the store: a restart continues where the last run stopped. "
                       "Ctrl-C stops after the current article.")
    p.add_argument("feeds", nargs="+", metavar="FEED_URL_OR_FILE")
    p.add_argument("--interval", default="15m", help="time between polls: 30s, 15m, 1h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.add_argument("--country", metavar="CC", help="theater country, ISO 3166 alpha-2 (default: infer)")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    from ..scale.watch import watch_feeds

    stop = threading.Event()
    previous = {}

    def request_stop(signum, _frame):
        if stop.is_set():  # a second Ctrl-C: stop now
            raise KeyboardInterrupt
        print("frontlines: stopping after the current article (Ctrl-C again to stop now)", file=sys.stderr)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, request_stop)
    try:
        stats = watch_feeds(fl, args.feeds, interval=args.interval, once=args.once, country=args.country, stop=stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"watch: {stats.analysed} new articles analysed ({stats.events} events), {stats.seen} already seen, "
          f"{stats.failed} failed, {stats.feeds_not_modified} feed(s) not modified")
    return 1 if stats.failed and not stats.analysed else 0
