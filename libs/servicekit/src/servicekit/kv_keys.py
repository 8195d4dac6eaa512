"""Listing a KV bucket's keys from its stream's subjects, not from a watch.

    names = await keys_under(kv, "applicant")     # ["applicant.3f…", …], sorted

Not `KeyValue.keys()`: nats-py (2.16.0) ends a watch's initial values when consumer info
shows nothing pending and its subscription has counted nothing delivered, but a message the
server already delivered may not be counted yet, so the end comes first and a listing misses
keys (an applicant just registered, absent from `applicants list`). The bucket's stream
answers which subjects it holds, page by page (JetStream's `STREAM.INFO` with
`subjects_filter` and `offset`): one request per page and no consumer.
"""

from __future__ import annotations

import json

from nats.js.kv import KeyValue


async def keys_under(kv: KeyValue, prefix: str = "", *, timeout: float = 5.0) -> list[str]:
    """Every key in `kv` under `prefix` (dot-separated tokens; "" for all), sorted. A deleted
    or purged key stays listed (its marker is the subject's last message), so a caller reads
    each and skips what is gone; a bucket whose keys come and go (notify's timers) is better
    listed by `KeyValue.keys()`, whose misses only defer. Raises RuntimeError with
    JetStream's error."""
    subjects = kv._pre + (f"{prefix}.>" if prefix else ">")
    request = f"{kv._js._prefix}.STREAM.INFO.{kv._stream}"
    keys: list[str] = []
    while True:
        asked = {"subjects_filter": subjects, "offset": len(keys)}
        reply = await kv._js._nc.request(request, json.dumps(asked).encode(), timeout=timeout)
        info = json.loads(reply.data)
        if "error" in info:
            raise RuntimeError(f"listing {kv._stream}: {info['error']}")
        page = list((info.get("state", {}).get("subjects") or {}).keys())
        keys += [subject.removeprefix(kv._pre) for subject in page]
        if not page or len(keys) >= info.get("total", 0):
            return sorted(keys)
