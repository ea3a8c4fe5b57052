"""JSON Schemas of the plan and of a submission, for editors (yaml-language-server)."""

from __future__ import annotations

import json


def schema_text(kind: str) -> str:
    """The JSON Schema of KIND ('plan' or 'submission') as indented JSON text."""
    if kind == "plan":
        from giamngheo.model.plan import Plan as model
    else:
        from giamngheo.model.submission import Submission as model  # type: ignore[assignment]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
