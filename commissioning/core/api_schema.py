"""The OpenAPI document says every answer an operation can give, not only success: a refused or
unknown record, a move the workflow does not allow, invalid input, too many requests."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "The request was not valid; the body names each field's problem",
    "401": "No valid API token was given",
    "403": "This token's role may not do this",
    "404": "No such record, or not one this token's organisation may see",
    "409": "The record's status does not allow this now",
    "429": "Too many requests; try again later",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the error answers of every operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in WRITE_METHODS | {"get"}:
                continue
            codes = ["401", "403", "404", "429"] if "{" in path else ["401", "403", "429"]
            if method in WRITE_METHODS:
                codes += ["400", "404", "409"]
            if method == "get":
                codes.append("400")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERRORS[code],
                                            "content": {"application/json": {"schema": reference}}})
    return result
