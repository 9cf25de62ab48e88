"""Where an admin upload waits between its dry run and the editor's confirmation.

Each readable file of an upload is saved as ``<token>-<number>.md``. The confirmation
deletes its files once imported; an upload never confirmed is deleted once it is older
than ``UPLOAD_LIFETIME``, by the next upload or by ``manage.py clean_playlist_uploads``.
"""

import datetime
import tempfile
import time
from pathlib import Path

from django.conf import settings

UPLOAD_LIFETIME = datetime.timedelta(days=1)


def upload_dir():
    directory = Path(settings.PLAYLIST_UPLOAD_DIR or Path(tempfile.gettempdir()) / "kballads-imports")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def upload_paths(token, count):
    return [upload_dir() / f"{token}-{number}.md" for number in range(count)]


def save_upload(token, texts):
    for path, text in zip(upload_paths(token, len(texts)), texts, strict=True):
        path.write_text(text, encoding="utf-8")


def delete_upload(token, count):
    for path in upload_paths(token, count):
        path.unlink(missing_ok=True)


def delete_expired_uploads(now=None):
    """Delete the saved uploads older than ``UPLOAD_LIFETIME``; how many files that was."""
    cutoff = (now or time.time()) - UPLOAD_LIFETIME.total_seconds()
    deleted = 0
    for path in upload_dir().glob("*.md"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # deleted at the same moment by another request or the command
            continue
    return deleted
