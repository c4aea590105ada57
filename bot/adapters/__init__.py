"""Adapters: platform events in, `Incoming` out; `Reply` in, platform messages out.

    base      the Sender, Adapter and Handler protocols every adapter implements
    registry  the platforms the settings configure; send-only mode for `plaza digest`
    console/  Plaza in a terminal, and the console's outbox for digests
    telegram/ Plaza on Telegram: the only package that imports python-telegram-bot
"""
