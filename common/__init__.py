"""Web plumbing both apps share: security headers, hashed static files, Moscow time, validators."""
