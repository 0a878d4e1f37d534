"""JSON for other tools: the same report rows as the pages and downloads, under the same permissions."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from ..db import get_session
from ..reports import basis
from ..reports.cell_text import duration, two_places
from ..reports.partnerships import partnership_rows
from .auth import require
from .request_args import filters_from_request, period_from_request, show_cost

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/partnerships")
@require("view_dashboard")
def partnerships():
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    rows = partnership_rows(get_session(), period, filters_from_request())
    return jsonify(
        {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "cost_basis": basis.of(get_session()),
            "cost_basis_words": basis.label(get_session()),
            "partnerships": [
                {
                    "partnership": r.partnership,
                    "parent": r.parent or None,
                    "meetings": r.meetings,
                    "attendances": r.attendances,
                    "people": r.people,
                    "hours": duration(r.hours),
                    "cost": two_places(r.cost) if show_cost(r.people) else None,
                }
                for r in rows
            ],
        }
    )


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Partnership Meeting-Cost Tracker",
        "version": "1",
        "description": "The dashboard's figures as JSON, under the same permissions as the pages (sign in first; "
        "the API uses the session cookie). Costs are at the session's basis (cost_basis); a cost over too few "
        "people for the signed-in role is null.",
    },
    "paths": {
        "/api/partnerships": {
            "get": {
                "summary": "Each partnership's own meetings, attendances, people, hours and cost over a period",
                "parameters": [
                    {
                        "name": "from",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                        "description": "First day (default 1 April of this financial year)",
                    },
                    {
                        "name": "to",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                        "description": "Last day, inclusive (default today)",
                    },
                    {
                        "name": "organisation",
                        "in": "query",
                        "schema": {"type": "integer"},
                        "description": "Only the people of this organisation",
                    },
                    {"name": "directorate", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "The figures",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Partnerships"}}},
                    },
                    "400": {
                        "description": "A date that cannot be read",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                    "401": {
                        "description": "Not signed in",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                    "403": {
                        "description": "The role may not see the dashboard",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                "required": ["error", "status"],
            },
            "Partnerships": {
                "type": "object",
                "properties": {
                    "from": {"type": "string", "format": "date"},
                    "to": {"type": "string", "format": "date"},
                    "cost_basis": {"type": "string", "enum": ["actual", "standard", "own"]},
                    "cost_basis_words": {"type": "string"},
                    "partnerships": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "partnership": {"type": "string"},
                                "parent": {"type": ["string", "null"]},
                                "meetings": {"type": "integer"},
                                "attendances": {"type": "integer"},
                                "people": {"type": "integer"},
                                "hours": {"type": "string", "description": "Exact, H:MM:SS"},
                                "cost": {"type": ["string", "null"], "description": "Pounds, two decimals"},
                            },
                        },
                    },
                },
            },
        }
    },
}


@bp.route("/openapi.json")
def openapi():
    """What the API offers, for other tools: public, as it holds no figures."""
    return jsonify(OPENAPI)
