"""Pydantic's findings about a request, as the tester API's one error: a field and a Russian
instruction, e.g. {"field": "advance_seconds", "error": "advance_seconds: целое число"}."""

import re

from pydantic import BaseModel, ValidationError

from common.errors import ServiceError

WHOLE_BODY = "body"
NOT_AN_OBJECT = "Тело запроса должно быть объектом JSON, например {}"
# {0} is where in the body, the other names come from pydantic's error context.
MESSAGES = {
    "missing": "Укажите {0}",
    "int_type": "{0}: целое число",
    "int_parsing": "{0}: целое число",
    "int_from_float": "{0}: целое число",
    "float_type": "{0}: число",
    "float_parsing": "{0}: число",
    "string_type": "{0}: строка",
    "bool_type": "{0}: true или false",
    "bool_parsing": "{0}: true или false",
    "list_type": "{0}: список JSON, например []",
    "dict_type": "{0}: объект JSON, например {{}}",
    "model_type": "{0}: объект JSON, например {{}}",
    "none_required": "{0}: только null",
    "greater_than_equal": "{0}: не меньше {ge}",
    "less_than_equal": "{0}: не больше {le}",
    "string_too_short": "{0}: не короче {min_length} симв.",
    "string_too_long": "{0}: не длиннее {max_length} симв.",
    "too_short": "{0}: хотя бы {min_length} эл.",
    "too_long": "{0}: не больше {max_length} эл.",
    "string_pattern_mismatch": "{0}: не подходит под шаблон {pattern}",
    "literal_error": "{0}: {expected}",
    "date_type": "{0}: дата в формате ГГГГ-ММ-ДД",
    "date_parsing": "{0}: дата в формате ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "{0}: дата в формате ГГГГ-ММ-ДД",
    "datetime_type": "{0}: дата и время ISO 8601, например 2027-01-01T09:00:00Z",
    "datetime_parsing": "{0}: дата и время ISO 8601, например 2027-01-01T09:00:00Z",
}
# A union's branches show up in an error's location as names like "list[...]" or "str".
BRANCH = re.compile(r"^(str|int|float|bool|none|[a-z_-]+\[.*)$")


def where(location: tuple) -> str:
    """`registry.frmr.certificate.valid_until` or `documents[0].id` from pydantic's location."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not BRANCH.match(part):
            text += f".{part}" if text else part
    return text


def choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b или c"."""
    return expected.replace("'", "").replace(" or ", " или ")


def message_of(problem: dict) -> str:
    template = MESSAGES.get(problem["type"], "{0}: проверьте значение")
    context = dict(problem.get("ctx") or {})
    if "expected" in context:
        context["expected"] = choices(str(context["expected"]))
    if problem["type"] == "string_too_short" and context.get("min_length") == 1:
        template = MESSAGES["missing"]
    return template.format(where(problem["loc"]), **context)


def refusal(model: type[BaseModel], error: ValidationError | None) -> ServiceError:
    """The first problem found, on the top-level field it is in (or on the whole body)."""
    problem = error.errors()[0] if error else None
    if problem is None or not problem["loc"]:
        return ServiceError(WHOLE_BODY, NOT_AN_OBJECT)
    field = str(problem["loc"][0])
    own = getattr(model, "messages", {}).get(field)
    return ServiceError(field, own or message_of(problem))


def refusal_of_nul(location: tuple) -> ServiceError:
    field = str(location[0]) if location else WHOLE_BODY
    return ServiceError(field, f"{where(location) or 'Тело запроса'}: уберите символ NUL (\\u0000)")
