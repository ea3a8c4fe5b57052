"""Office files are zip packages: write one again with every entry dated the same moment.

Libraries date each zip entry with the time they write it, so two builds of the same report
differ in their bytes. Re-packed here with the report's own "made at" moment (which honours
SOURCE_DATE_EPOCH), in the same order, the same files give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest date a zip entry can hold


def zip_moment(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """MOMENT in UTC as a zip entry's date, no earlier than 1980."""
    utc = max(moment.astimezone(dt.timezone.utc), ZIP_EPOCH)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second - utc.second % 2)


def repack(data: bytes, moment: dt.datetime) -> bytes:
    """The zip DATA with every entry dated MOMENT, with fixed permissions, in its own order."""
    stamp = zip_moment(moment)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same on every machine: Unix, mode rw-r--r--
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
