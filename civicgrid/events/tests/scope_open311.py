UNSCOPED: dict[str, str] = {}
