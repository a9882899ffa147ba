"""The one error a service raises: a Russian message for a form field (or for the page)."""


class ServiceError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message
