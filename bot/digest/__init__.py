"""The daily digest: compose, rank, summary, dispatch, scheduler."""
