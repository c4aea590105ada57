"""Explain a post, catch someone up (issue 18): posts chosen, then put into words.

    storage.briefing   what the reader may see, each post marked `ai_ok` or not
      -> choose.py     the few posts worth it, under a cap of input tokens
      -> model.py      one call with no tools, posts fenced as data, the answer checked
      -> written.py    the code-written answer: offline, or when the model's is refused

Only posts the reader may see are read (followers-only, blocks, mutes, suspensions),
and only those whose authors allow it (`ai_ok`) ever reach a model's prompt.
"""
