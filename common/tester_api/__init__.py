"""What both apps' tester APIs share: Pydantic-checked bodies, Russian refusals, and the OpenAPI
document generated from the same models (so the document and the checks cannot drift apart)."""
