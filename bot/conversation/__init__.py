"""One turn of conversation, where the network (storage) and the persona (bot) meet.

    core        Conversation.handle: identity, chat state, understanding, acting, replying
    execute     an Action carried out against storage, as an Outcome
    onboarding  a newcomer's first messages: a handle, a language, a digest time
    memory      what a chat remembers between turns (ChatState), and its JSON form
    states      where chat states are kept: in this process, or in the database
    privacy     what must not be said in a group
    turns       Turns: the conversation run for adapters, in order per chat
"""

from bot.conversation.core import Conversation, Understander, offline

__all__ = ["Conversation", "Understander", "offline"]
