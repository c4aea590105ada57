"""Plaza in a terminal."""
