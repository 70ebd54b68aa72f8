"""The in-memory channel layer, without its per-message full scan.

channels' ``InMemoryChannelLayer`` runs ``_clean_expired`` (a walk over every
channel queue and every group membership) on each ``receive``: with N open
sockets one broadcast costs O(N²) — about a second of a 1,000-socket fan-out
(bench/agenda_fanout.py). Same behaviour here, with the scan done at most
once per ``clean_interval`` seconds (messages still expire, up to that much
later).
"""

import time

from channels.layers import InMemoryChannelLayer as StockInMemoryChannelLayer


class InMemoryChannelLayer(StockInMemoryChannelLayer):
    clean_interval = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._last_clean = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._last_clean < self.clean_interval:
            return
        self._last_clean = now
        super()._clean_expired()
