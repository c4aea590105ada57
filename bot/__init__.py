"""Plaza the persona: understanding messages, acting on the network, answering, and the
adapters that carry it to Telegram and the terminal."""
