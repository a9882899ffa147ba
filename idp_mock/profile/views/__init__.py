"""The profile's pages, one blueprint per area."""
