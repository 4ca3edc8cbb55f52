"""Registry pages. Thin: they read through the scope chokepoint and call actions."""
