"""This worker process's own copies of recent pages and of the versions they depend on.

A page served from Redis costs a network round trip, which is most of a cache
hit's time and what keeps it slower than a static file. So each worker keeps the
pages it served last (least recently used go first, within a byte budget) and
the versions it read, and trusts those versions for a second
(``PAGE_CACHE_VERSION_SECONDS``) before it reads them again. An edit made in
another process therefore reaches this worker's readers within that second; an
edit made in this process reaches them at once.
"""

import threading
import time
from collections import OrderedDict


class WorkerMemory:
    def __init__(self):
        self.lock = threading.Lock()
        self.forget_all()

    def forget_all(self):
        with self.lock:
            self.pages, self.page_bytes, self.versions = OrderedDict(), 0, {}

    def fresh_versions(self, keys, trust_seconds):
        """{key: version} for ``keys`` if every one was read within ``trust_seconds``, else None."""
        oldest = time.monotonic() - trust_seconds
        known = {}
        for key in keys:
            entry = self.versions.get(key)
            if entry is None or entry[1] < oldest:
                return None
            known[key] = entry[0]
        return known

    def remember_versions(self, versions):
        now = time.monotonic()
        with self.lock:
            self.versions.update({key: (version, now) for key, version in versions.items()})

    def forget_versions(self, keys):
        with self.lock:
            for key in keys:
                self.versions.pop(key, None)

    def page(self, key):
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def remember_page(self, key, stored, max_bytes):
        size = len(stored["content"])
        if size > max_bytes:
            return
        with self.lock:
            if key in self.pages:
                self.page_bytes -= len(self.pages.pop(key)["content"])
            self.pages[key] = stored
            self.page_bytes += size
            while self.page_bytes > max_bytes:
                _, dropped = self.pages.popitem(last=False)
                self.page_bytes -= len(dropped["content"])


memory = WorkerMemory()
