"""/api/docs/: the API documented for people, rendered on the server from the OpenAPI schema.

Swagger UI and Redoc load their JavaScript from a CDN, which an office network may block
(and this project must run offline); this page needs no script at all. The machine-readable
schema stays at /api/schema/ for client generators and for Swagger/Redoc run elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def schema_ref_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{schema_ref_name(schema.get('items'))}]"
    return schema.get("type", "")


def api_docs(request: HttpRequest) -> HttpResponse:
    """Every endpoint with its parameters, request body and responses; every schema's fields."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for route, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary") or "",
                    "description": op.get("description") or "",
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": schema_ref_name(p.get("schema")),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": [
                        {"content_type": ctype, "schema": schema_ref_name(c.get("schema"))} for ctype, c in body.items()
                    ],
                    "responses": [
                        {
                            "status": code,
                            "description": r.get("description", ""),
                            "schema": ", ".join(
                                schema_ref_name(c.get("schema")) for c in r.get("content", {}).values()
                            ),
                        }
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    components = []
    for name, comp in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(comp.get("required", []))
        components.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": schema_ref_name(spec) or ("enum" if "enum" in spec else ""),
                        "required": field in required,
                        "read_only": spec.get("readOnly", False),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in comp.get("properties", {}).items()
                ],
            }
        )
    return render(
        request,
        "tracker_api/docs.html",
        {"info": schema.get("info", {}), "operations": operations, "components": components},
    )
