"""The file cache used without Redis (tandem.core.cache.FileCache): shared by the app
processes through the folder, and still bounded, though it counts its files only now
and then."""

from __future__ import annotations

from tandem.core.cache import FileCache


def _files(folder) -> int:
    return sum(1 for f in folder.iterdir() if f.name.endswith(".djcache"))


def test_what_one_process_writes_or_deletes_the_other_sees(tmp_path):
    one, other = FileCache(str(tmp_path), {}), FileCache(str(tmp_path), {})
    one.set("session", {"_auth_user_id": "7"})
    assert other.get("session") == {"_auth_user_id": "7"}
    one.delete("session")  # a sign-out in one gunicorn worker
    assert other.get("session") is None


def test_it_counts_its_files_once_per_interval_and_then_drops_some(tmp_path):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 6, "CULL_FREQUENCY": 2}})
    for n in range(10):
        cache.set(f"k{n}", n)
    assert _files(tmp_path) == 10  # not counted again within the interval
    cache._next_cull = 0.0  # the interval has passed
    cache.set("k10", 10)
    assert _files(tmp_path) == 10 - 5 + 1
