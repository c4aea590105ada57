"""Real-time notifications: what happened to a person, pushed into their chat (issue 17)."""
