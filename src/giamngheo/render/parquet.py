"""The export as Parquet, through pyarrow (the optional extra `giamngheo[parquet]`)."""

from __future__ import annotations

import io
from decimal import Decimal

from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError
from giamngheo.views.table import Table


def to_parquet(table: Table) -> bytes:
    """TABLE as Parquet bytes: exact decimals (38 digits, 6 places), ISO dates as dates, text as UTF-8."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UserError.of("needs-pyarrow", msg(
            "writing Parquet needs pyarrow: pip install 'giamngheo[parquet]' (or write .csv)")) from None
    decimal = pa.decimal128(38, 6)
    types = {"number": decimal, "count": decimal, "percent": decimal, "date": pa.date32()}
    arrays, names = [], []
    for column in table.columns:
        values = [row.get(column.key) for row in table.rows]
        kind = types.get(column.kind)
        if kind is decimal:
            values = [None if v is None else Decimal(v).quantize(Decimal("0.000001")) for v in values]
        elif kind is None:
            kind = pa.int32() if column.key == "plan" else pa.string()
        arrays.append(pa.array(values, type=kind))
        names.append(column.key)
    out = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=names), out)
    return out.getvalue()
