"""Adapters: platform events in, `Incoming` out; `Reply` in, platform messages out."""
