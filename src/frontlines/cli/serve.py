"""frontlines serve: the REST API, its docs and the offline web map, in one process (uvicorn)."""
from __future__ import annotations

import ipaddress
import os
import sys


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the REST API and the web map",
                       description="Serve the store as a REST API (docs at /docs, OpenAPI at "
                       "/openapi.json) and the offline web map at /. Writing (POST /api/articles) "
                       "is enabled only with a write token: --token, $FRONTLINES_API_TOKEN or the "
                       "setting api_token.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--token", metavar="TOKEN",
                   help="write token for POST /api/articles (default: $FRONTLINES_API_TOKEN or api_token)")
    p.set_defaults(func=run)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args, fl) -> int:
    import uvicorn

    from ..web import create_app

    if not 0 <= args.port <= 65535:
        print(f"frontlines: error: --port {args.port} is not a port number (0-65535)", file=sys.stderr)
        return 2
    token = args.token or os.environ.get("FRONTLINES_API_TOKEN") or fl.options.api_token
    app = create_app(fl, token=token)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else shown}:{args.port}/"
    print(f"frontlines: serving the map at {url} (API docs at {url}docs); Ctrl-C to stop", flush=True)
    print(f"frontlines: writing through the API is {'enabled (token set)' if token else 'disabled (no token)'}",
          flush=True)
    if token and not _is_loopback(args.host):
        print("frontlines: warning: the write token travels in clear over plain HTTP; put a TLS proxy "
              "in front when serving beyond this machine", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False,
                server_header=False)
    return 0
