"""Plaza's vocabulary: one typed model per action, declared once.

The offline rules, the LLM tool schema, the executor, the renderer and /help
all derive from these classes: the class docstring is the description (for the
model and for people), `fr` is the French line of /help, and the fields are the
arguments, validated again here whoever produced them.

Two argument shapes recur:

- a post reference: the number people see ("#12" or 12, from 1 to 2**31 - 1,
  the largest id PostgreSQL's INTEGER column holds), "last" (your latest post)
  or "it" (the post this chat just talked about);
- a handle: without the @, lower-cased; "it" stands for the person this chat
  just talked about ("follow her too"). "it" can never be a real handle, which
  needs at least three characters.

Every text argument loses its control characters (C0 and DEL, but tab and
newline) before its length is checked: PostgreSQL refuses NUL in text.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

THAT = "it"
# "my posts": the sender, whoever they are (resolved in bot/conversation/execute.py,
# `resolve_references`). Shorter than any handle (storage.text.HANDLE_MIN), so it never
# names someone else.
ME = "me"
# Post numbers are ids of the posts table, an INTEGER column: PostgreSQL's INTEGER is
# 32-bit signed, so 2**31 - 1 is the largest a post can have (SQLite's is 64-bit; the
# smaller bound holds on both). A number past it names no post; it must never reach a
# query, where PostgreSQL refuses it and SQLite's driver overflows. An action still takes
# one (up to POST_NUMBER_WRITTEN digits), so "show #99999999999" is answered "I can't find
# post #99999999999" like any other number nobody has, by the executor
# (bot/conversation/execute.py, `_number`), before any query.
POST_NUMBER_MAX = 2**31 - 1
POST_NUMBER_WRITTEN = 30  # digits: longer is no number anyone meant
_POST_NUMBER = re.compile(rf"#?\s*(\d{{1,{POST_NUMBER_WRITTEN}}})")
# C0 control characters and DEL, except tab and newline: PostgreSQL refuses NUL in text,
# and the others are invisible in a reply. A language model may well produce them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _post_ref(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if match := _POST_NUMBER.fullmatch(text):
            return int(match.group(1))
        return text
    return value


def clean(value: Any) -> Any:
    """A string without C0 control characters or DEL (tab and newline kept); others as given."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def _handle(value: Any) -> Any:
    return clean(value).strip().lstrip("@").lower() if isinstance(value, str) else value


def _time(value: Any) -> Any:
    """Accept "8:05" as well as "08:05"."""
    if isinstance(value, str) and re.fullmatch(r"\d:\d\d", value.strip()):
        return "0" + value.strip()
    return value


PostRef = Annotated[
    Annotated[int, Field(ge=1, lt=10**POST_NUMBER_WRITTEN, strict=False)]
    | Literal["last", "it"],
    BeforeValidator(_post_ref),
    Field(description='The post number shown to people (12), "last" for your latest, '
          '"it" for the one just mentioned'),
]
Handle = Annotated[
    str,
    BeforeValidator(_handle),
    Field(min_length=2, max_length=30, description='A handle without the @; "it" for '
          'the person just mentioned, "me" for the sender ("my posts")'),
]
# Every free-text argument: control characters are dropped before the length checks.
Text = Annotated[str, BeforeValidator(clean)]
TimeOfDay = Annotated[
    str,
    BeforeValidator(_time),
    Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description='Local time, "HH:MM" (24 h)'),
]

# The platforms Plaza speaks on, as people name them to link one or send a digest there
# (storage.models.Platform; "console" is the terminal).
PlatformName = Literal["telegram", "discord", "console"]
# The kinds of notification a person may switch off (storage.models.NotificationKind):
# "post" is a post by someone they asked to hear about ("notify me when @alice posts").
NotificationKindName = Literal["reply", "mention", "quote", "repost", "follow", "like", "post"]


# Actions that write words about one post: named without the words ("edit #3",
# "/reply 12"), Plaza asks for them (bot.understanding: Understanding.compose).
COMPOSED = ("edit_post", "quote", "reply")

class Action(BaseModel):
    """Base of every action: strict, immutable, named by `name`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ClassVar[str]
    fr: ClassVar[str]
    # Publishes or destroys: asks before acting when the words were inferred.
    consequential: ClassVar[bool] = False
    # Asks whatever the phrasing (account deletion).
    always_confirm: ClassVar[bool] = False

    @classmethod
    def description(cls) -> str:
        return " ".join((cls.__doc__ or "").split())

    def args(self) -> dict[str, Any]:
        """The arguments that were given, as plain JSON-ready values."""
        return self.model_dump(exclude_none=True)


class PostAction(Action):
    """Publish a post (1 to 1,000 characters) to everyone, or to your followers only."""

    name = "post"
    fr = "Publier un message, pour tout le monde ou seulement vos abonnés."
    consequential = True
    text: Text = Field(min_length=1, description="The words to publish, exactly as meant")
    visibility: Literal["public", "followers"] = "public"


class ReplyAction(Action):
    """Reply to a post."""

    name = "reply"
    fr = "Répondre à un message."
    consequential = True
    post: PostRef
    text: Text = Field(min_length=1, description="The reply's words")


class EditPostAction(Action):
    """Change the words of one of your posts; it is shown as edited, and its replies, likes
    and reposts stay (the earlier words are kept, shown when it is opened)."""

    name = "edit_post"
    fr = ("Modifier le texte d'un de vos messages ; il est marqué modifié, et ses réponses, "
          "j'aime et partages restent (l'ancien texte est gardé).")
    consequential = True
    post: PostRef
    text: Text = Field(min_length=1, description="The post's new words, in full")


class QuoteAction(Action):
    """Quote a public post: publish your words with that post shown under them."""

    name = "quote"
    fr = "Citer un message public : publier vos mots avec ce message en dessous."
    consequential = True
    post: PostRef
    text: Text = Field(min_length=1, description="Your words above the quoted post")
    visibility: Literal["public", "followers"] = "public"


class LikeAction(Action):
    """Like a post."""

    name = "like"
    fr = "Aimer un message."
    post: PostRef


class RepostAction(Action):
    """Share someone's public post with your followers."""

    name = "repost"
    fr = "Partager le message public de quelqu'un avec vos abonnés."
    consequential = True
    post: PostRef


class UnlikeAction(Action):
    """Take back your like of a post."""

    name = "unlike"
    fr = "Retirer votre j'aime d'un message."
    post: PostRef


class UnrepostAction(Action):
    """Stop sharing a post you reposted (your repost goes, the post stays)."""

    name = "unrepost"
    fr = "Ne plus partager un message que vous aviez partagé (le message reste)."
    post: PostRef


class DeletePostAction(Action):
    """Delete one of your own posts."""

    name = "delete_post"
    fr = "Supprimer un de vos messages."
    consequential = True
    post: PostRef


class PinAction(Action):
    """Pin one of your posts to your profile, shown there first (replaces the one pinned)."""

    name = "pin"
    fr = "Épingler un de vos messages sur votre profil, montré en premier (remplace l'ancien)."
    post: PostRef


class UnpinAction(Action):
    """Take the pinned post off your profile (when a number is given, only if it is that
    one)."""

    name = "unpin"
    fr = "Retirer le message épinglé de votre profil (s'il s'agit bien de celui nommé)."
    post: PostRef | None = None


class ReportAction(Action):
    """Report a post (by number) or a person (by handle) to Plaza's moderators, with your
    reason; they never learn who reported them. Give a post or a handle, not both."""

    name = "report"
    fr = ("Signaler un message (par son numéro) ou une personne (par son pseudo) aux "
          "modérateurs de Plaza, avec votre raison ; la personne ne saura pas qui l'a signalée.")
    consequential = True  # it concerns someone else: asked first when inferred
    post: PostRef | None = None
    handle: Handle | None = None
    # Not capped here: storage.reports refuses one too long with a sentence saying so.
    reason: Text = Field(default="", description="Why, in the reporter's own words")

    @model_validator(mode="after")
    def _one_target(self) -> ReportAction:
        if (self.post is None) == (self.handle is None):
            raise ValueError("report either a post or a person")
        return self


class ShowPostAction(Action):
    """Open a post: who wrote it, its likes, reposts and replies, and the post it answers."""

    name = "show_post"
    fr = ("Ouvrir un message : son auteur, ses j'aime, partages et réponses, et le message "
          "auquel il répond.")
    post: PostRef


class ExplainAction(Action):
    """Explain a post and its context (its thread, posts on its hashtags), citing numbers."""

    name = "explain"
    fr = ("Expliquer un message et son contexte (sa conversation, ses hashtags), en citant "
          "les numéros.")
    post: PostRef


class CatchUpAction(Action):
    """Catch up on the last day's posts (your network first), on a topic or #hashtag if
    given: a few sentences citing numbers, then the posts."""

    name = "catch_up"
    fr = ("Rattraper la dernière journée (votre réseau d'abord), sur un sujet ou un #hashtag "
          "si donné : quelques phrases citant les numéros, puis les messages.")
    topic: Text | None = Field(default=None, max_length=100,
                               description="A #hashtag or a few words; none for everything")
    friends: bool = Field(default=False, description="true: only people you follow")


class FollowAction(Action):
    """Follow someone, to see their posts in your feed and digest."""

    name = "follow"
    fr = "Suivre quelqu'un, pour voir ses messages dans votre fil et votre résumé."
    handle: Handle


class UnfollowAction(Action):
    """Stop following someone."""

    name = "unfollow"
    fr = "Ne plus suivre quelqu'un."
    handle: Handle


class BlockAction(Action):
    """Block someone: follows both ways end and neither of you sees the other."""

    name = "block"
    fr = "Bloquer quelqu'un : plus d'abonnement dans un sens ni dans l'autre, plus rien de visible."
    consequential = True
    handle: Handle


class UnblockAction(Action):
    """Unblock someone."""

    name = "unblock"
    fr = "Débloquer quelqu'un."
    handle: Handle


class MuteAction(Action):
    """Hide someone from your feed and digest while still following them."""

    name = "mute"
    fr = "Masquer quelqu'un de votre fil et de votre résumé, sans vous désabonner."
    handle: Handle


class UnmuteAction(Action):
    """Show a muted person in your feed again."""

    name = "unmute"
    fr = "Réafficher quelqu'un que vous aviez masqué."
    handle: Handle


class SubscribeAction(Action):
    """Be notified each time someone posts (a post you may see), as it happens."""

    name = "subscribe"
    fr = "Être prévenu chaque fois que quelqu'un publie (un message que vous pouvez voir)."
    handle: Handle


class UnsubscribeAction(Action):
    """Stop being notified each time someone posts (you still follow them if you did)."""

    name = "unsubscribe"
    fr = ("Ne plus être prévenu chaque fois que quelqu'un publie (l'abonnement, s'il y en a "
          "un, reste).")
    handle: Handle


class NotificationsAction(Action):
    """Say what you are notified about: which kinds are on or off, your quiet hours, and
    whose posts you asked to hear about."""

    name = "notifications"
    fr = ("Dire de quoi vous êtes prévenu : les types de notifications actifs ou coupés, "
          "vos heures calmes, et les personnes dont vous suivez chaque message.")


class SwitchNotificationsAction(Action):
    """Turn kinds of notifications off or back on: replies, mentions, quotes, reposts, new
    followers (follow), likes, posts of people you asked about (post)."""

    name = "switch_notifications"
    fr = ("Couper ou réactiver des types de notifications : réponses, mentions, citations, "
          "partages, nouveaux abonnés, j'aime, messages des personnes suivies de près.")
    kinds: list[NotificationKindName] = Field(min_length=1, max_length=7,
                                              description="The kinds to switch")
    on: bool = Field(description="true: turn them back on; false: turn them off")

    @model_validator(mode="after")
    def _each_once(self) -> SwitchNotificationsAction:
        kinds = list(dict.fromkeys(self.kinds))
        if kinds != self.kinds:
            object.__setattr__(self, "kinds", kinds)
        return self


class QuietHoursAction(Action):
    """Set quiet hours at your local time: notifications then wait and come as one message
    when they end. Give both ends; give neither to have no quiet hours."""

    name = "quiet_hours"
    fr = ("Régler des heures calmes, à votre heure locale : les notifications attendent et "
          "arrivent en un seul message à la fin. Sans heures : plus d'heures calmes.")
    start: TimeOfDay | None = Field(default=None, description='When they begin, "HH:MM"')
    end: TimeOfDay | None = Field(default=None, description='When they end, "HH:MM"')


class AiOptOutAction(Action):
    """Keep your posts out of AI (never sent to a language model, for anyone), or let them
    in again."""

    name = "ai_opt_out"
    fr = ("Tenir vos messages à l'écart de l'IA (jamais envoyés à un modèle de langage), ou "
          "les y autoriser de nouveau.")
    out: bool = Field(default=True, description="true: keep your posts out of AI; "
                                                 "false: let them be used again")
# How long a steering rule holds (bot.conversation.steering reads it in the person's
# zone): to the end of today, tomorrow or this week (Monday to Sunday), to the end of a
# weekday, or for a number of days ("3d"); no `until` is for ever.
STEER_UNTIL = (r"^(today|tomorrow|week|monday|tuesday|wednesday|thursday|friday|saturday|"
               r"sunday|[1-9]\d{0,2}d)$")


class SteerAction(Action):
    """Hide a word or topic from your digest, trending and notifications, or see less or
    more of it in your digest, for a while or for ever."""

    name = "steer"
    fr = ("Cacher un mot ou un sujet (résumé, tendances, notifications), ou en voir moins ou "
          "plus dans votre résumé, pour un temps ou pour toujours.")
    kind: Literal["hide", "less", "more"] = Field(
        description="hide: never show; less: rank lower; more: rank higher")
    term: Text = Field(min_length=1, max_length=64,
                       description='The word, words or topic ("spoiler", "#politics")')
    until: str | None = Field(
        default=None, pattern=STEER_UNTIL,
        description='How long: "today", "tomorrow", "week" (to the end of this week), a '
        'weekday ("sunday": to its end), "3d" (three days); none for ever')


class SteeringAction(Action):
    """List the words and topics you hid, or want less or more of."""

    name = "steering"
    fr = "Lister les mots et sujets cachés, ou à voir moins ou plus."


class UnsteerAction(Action):
    """Take back what you asked about a word or topic."""

    name = "unsteer"
    fr = "Retirer ce que vous avez demandé sur un mot ou un sujet."
    term: Text = Field(min_length=1, max_length=64,
                       description='The word or topic, as in the rule ("spoiler")')


class ReadFeedAction(Action):
    """Read what's new: your feed, or one person's posts when an author is given."""

    name = "read_feed"
    fr = "Lire les nouveautés : votre fil, ou les messages d'une personne."
    author: Handle | None = None


class DigestAction(Action):
    """Show your daily digest now, without changing its schedule."""

    name = "digest"
    fr = "Afficher votre résumé quotidien maintenant."


class SetDigestAction(Action):
    """Change when your daily digest arrives (local time, time zone), turn it on or off, or
    choose whether a day with nothing new still brings a short line."""

    name = "set_digest"
    fr = ("Choisir l'heure et le fuseau de votre résumé quotidien, l'activer/le couper, ou "
          "le recevoir même les jours sans nouveauté.")
    time: TimeOfDay | None = None
    timezone: Text | None = Field(
        default=None, max_length=64, description='An IANA time zone such as "Europe/Paris"'
    )
    enabled: bool | None = None
    always: bool | None = Field(
        default=None, description="true: a short line even on days with nothing new; false: "
        "nothing at all on those days"
    )
    platform: PlatformName | Literal["here", "last"] | None = Field(
        default=None, description='Where it goes first: a platform, "here" for this one, '
        '"last" for the one used last (the default)'
    )


class LinkAction(Action):
    """Link your accounts on other platforms (Telegram, Discord, the terminal) into one:
    without a code, get a one-time code; typed with that code on the other platform, join
    that account to yours."""

    name = "link"
    fr = ("Relier vos comptes d'autres plateformes (Telegram, Discord, le terminal) en un "
          "seul : sans code, recevez un code à usage unique ; tapé avec ce code sur l'autre "
          "plateforme, ce compte rejoint le vôtre.")
    code: Text | None = Field(default=None, max_length=20,
                              description="The code shown on the other platform, as typed")
    platform: PlatformName | None = Field(
        default=None, description="The platform you want to link, if you said it")


class LinkedAction(Action):
    """Say which platforms your account is linked on."""

    name = "linked"
    fr = "Dire sur quelles plateformes votre compte est relié."


class UnlinkAction(Action):
    """Unlink one platform from your account (never the last one)."""

    name = "unlink"
    fr = "Détacher une plateforme de votre compte (jamais la dernière)."
    consequential = True
    platform: PlatformName


class DiscoverAction(Action):
    """Find people to follow, on a topic if one is given."""

    name = "discover"
    fr = "Trouver des personnes à suivre, sur un sujet si vous en donnez un."
    topic: Text | None = Field(default=None, max_length=100)


class SearchAction(Action):
    """Search the posts you can see, by words or by #hashtag."""

    name = "search"
    fr = "Chercher dans les messages, par mots ou par #hashtag."
    query: Text = Field(min_length=1, max_length=200)


class ShowProfileAction(Action):
    """Show a profile: yours, or someone else's when a handle is given."""

    name = "show_profile"
    fr = "Afficher un profil : le vôtre, ou celui de quelqu'un."
    handle: Handle | None = None


class UpdateProfileAction(Action):
    """Change your display name, bio or interests."""

    name = "update_profile"
    fr = "Changer votre nom, votre bio ou vos centres d'intérêt."
    name_: Text | None = Field(default=None, alias="name", max_length=100)
    bio: Text | None = Field(default=None, max_length=600)
    interests: list[Text] | None = Field(default=None, max_length=40)

    model_config = ConfigDict(populate_by_name=True)

    def args(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, by_alias=True)


class ChangeHandleAction(Action):
    """Change your handle (asks first): your posts, followers and mentions stay yours; the
    old handle stays reserved for you for 30 days and still finds you meanwhile."""

    name = "change_handle"
    fr = ("Changer votre pseudo (avec confirmation) : vos messages, abonnés et mentions "
          "restent à vous ; l'ancien vous reste réservé 30 jours et mène encore à vous.")
    consequential = True
    # not `handle`: that names someone who exists, and is checked and resolved as such
    new_handle: Annotated[str, BeforeValidator(clean),
                          Field(min_length=1, max_length=60,
                                description="The new handle, without the @")]


class FollowersAction(Action):
    """List the people who follow you."""

    name = "followers"
    fr = "Voir qui vous suit."


class FollowingAction(Action):
    """List the people you follow."""

    name = "following"
    fr = "Voir qui vous suivez."


class MentionsAction(Action):
    """Show recent replies to you and posts that mention you."""

    name = "mentions"
    fr = "Voir les réponses et les messages qui vous mentionnent."


class TrendingAction(Action):
    """Show the hashtags rising today: used by more people in the last 24 hours than on a
    usual day of the week before, among the posts you may see."""

    name = "trending"
    fr = ("Voir les hashtags en hausse : utilisés par plus de monde ces dernières 24 heures "
          "qu'un jour ordinaire de la semaine d'avant, parmi les messages que vous voyez.")


class ExportDataAction(Action):
    """Export everything you gave Plaza, as one JSON document."""

    name = "export_data"
    fr = "Exporter tout ce que vous avez confié à Plaza, en un document JSON."


class DeleteAccountAction(Action):
    """Delete your account and everything in it, for good (asks first)."""

    name = "delete_account"
    fr = "Supprimer votre compte et tout son contenu, définitivement (avec confirmation)."
    consequential = True
    always_confirm = True


class UndoAction(Action):
    """Undo the last thing Plaza did for you in this chat, within 2 minutes: a post or
    reply deleted, a repost, like, follow, block, mute, pin or profile change taken back."""

    name = "undo"
    fr = ("Annuler la dernière chose que Plaza a faite pour vous ici, dans les 2 minutes : "
          "message ou réponse supprimé, partage, j'aime, abonnement, blocage, masquage, "
          "épingle ou profil rétabli.")
    consequential = True  # "undo" said as such is explicit; inferred, it asks first


class HelpAction(Action):
    """Say what Plaza can do."""

    name = "help"
    fr = "Dire ce que Plaza sait faire."


class ChatAction(Action):
    """Small talk, or anything that asks for no action."""

    name = "chat"
    fr = "Bavarder, ou tout ce qui ne demande aucune action."


ACTIONS: dict[str, type[Action]] = {
    cls.name: cls
    for cls in (
        PostAction, ReplyAction, EditPostAction, QuoteAction, LikeAction, UnlikeAction,
        RepostAction, UnrepostAction,
        DeletePostAction, ShowPostAction, ExplainAction, CatchUpAction, PinAction,
        UnpinAction, ReportAction,
        FollowAction, UnfollowAction, BlockAction, UnblockAction, MuteAction, UnmuteAction,
        SubscribeAction, UnsubscribeAction, NotificationsAction, SwitchNotificationsAction,
        QuietHoursAction, AiOptOutAction, SteerAction, SteeringAction, UnsteerAction,
        ReadFeedAction, DigestAction, SetDigestAction, DiscoverAction, SearchAction,
        ShowProfileAction, UpdateProfileAction, ChangeHandleAction, FollowersAction,
        FollowingAction,
        MentionsAction, TrendingAction, LinkAction, LinkedAction, UnlinkAction, ExportDataAction,
        DeleteAccountAction, UndoAction, HelpAction, ChatAction,
    )
}


def build(name: str, args: dict[str, Any] | None = None) -> Action:
    """Validate `args` for the action called `name`.

    Raises KeyError for an unknown name and pydantic.ValidationError for bad
    arguments; callers turn both into a polite "I didn't get that".
    """
    return ACTIONS[name].model_validate(args or {})
