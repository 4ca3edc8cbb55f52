"""Every change to the registry goes through these functions (see CONVENTIONS.md)."""
