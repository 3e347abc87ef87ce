"""Pure domain: identifiers, model, error codes and ports (standard library only)."""
