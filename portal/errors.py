"""The error a service raises for a form field, in Russian."""


class ServiceError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message
