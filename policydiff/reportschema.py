"""The JSON Schema of the report (``policydiff/schema/report.schema.json``), shipped in the
package; ``docs/report-schema.md`` describes it field by field."""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def report_schema() -> dict:
    with resources.files("policydiff").joinpath("schema", "report.schema.json").open("rb") as f:
        return json.load(f)


def schema_errors(report: dict) -> list[str]:
    """Every way ``report`` breaks the schema (empty when it is valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(report_schema())
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    ]
