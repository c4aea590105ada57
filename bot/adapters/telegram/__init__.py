"""Plaza on Telegram (python-telegram-bot)."""
