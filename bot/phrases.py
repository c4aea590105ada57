"""Everything Plaza says, in English and French, keyed by what happened.

Keys are "<action>.<outcome>" or "<topic>.<detail>"; each entry is (en, fr)
with the same named fields. A test checks both languages have the same fields.

A phrase that counts something is in `PLURALS` instead: per language, one
form for each of gettext's plural forms (msgstr[0], msgstr[1]), chosen by the
count `n` with that language's rule, as `ngettext` does. English says "1
follower, 0 followers"; French "0 abonné, 1 abonné, 2 abonnés".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

LANGUAGES = ("en", "fr")

# Which form a count takes: the index into a phrase's forms. These are the
# `plural=` expressions of gettext's Plural-Forms header for each language
# (GNU gettext manual, "Plural forms"), which agree with CLDR for whole numbers.
PLURAL_RULES: dict[str, Callable[[int], int]] = {
    "en": lambda n: int(n != 1),  # nplurals=2; plural=(n != 1);
    "fr": lambda n: int(n > 1),  # nplurals=2; plural=(n > 1);
}

PHRASES: dict[str, tuple[str, str]] = {
    # first contact
    "hello.greeting": (
        "Hi {name}! I'm Plaza, your social network right here: tell me what to post, "
        "who to follow, or ask what's new.\nSay “help” to see everything I can do.",
        "Bonjour {name} ! Je suis Plaza, votre réseau social ici même : dites-moi quoi publier, "
        "qui suivre, ou demandez ce qu'il y a de neuf.\nDites « aide » pour voir tout ce que je "
        "sais faire.",
    ),
    "handle.ask": (
        "Welcome to Plaza! First, pick a handle: 3 to 30 letters, digits, _ or . "
        "(for example “{example}”).",
        "Bienvenue sur Plaza ! Choisissez d'abord un pseudo : 3 à 30 lettres, chiffres, _ ou . "
        "(par exemple « {example} »).",
    ),
    "handle.one_word": (
        "Just the handle please, in one word (for example “{example}”).",
        "Juste le pseudo, en un mot s'il vous plaît (par exemple « {example} »).",
    ),
    # while a newcomer chooses a handle: an answer or a command is not a handle
    "handle.waiting": (
        "I'm waiting for your handle first: the name people will find you by here, 3 to 30 "
        "letters, digits, _ or . (for example “{example}”). Once it's set, I can do the rest.",
        "J'attends d'abord votre pseudo : le nom sous lequel on vous trouvera ici, 3 à 30 "
        "lettres, chiffres, _ ou . (par exemple « {example} »). Ensuite, je m'occupe du reste.",
    ),
    "handle.command": (
        "{command} needs an account, and you don't have one yet: first pick a handle "
        "(for example “{example}”), then send {command} again.",
        "{command} demande un compte, et vous n'en avez pas encore : choisissez d'abord un "
        "pseudo (par exemple « {example} »), puis renvoyez {command}.",
    ),
    "handle.taken": (
        "@{handle} is already taken. Another one?",
        "@{handle} est déjà pris. Un autre ?",
    ),
    "handle.held": (
        "@{handle} belonged to an account that was deleted, so it stays reserved until {until}. "
        "Another one?",
        "@{handle} appartenait à un compte supprimé : il reste réservé jusqu'au {until}. "
        "Un autre ?",
    ),
    "handle.held_renamed": (
        "@{handle} was someone's handle until lately, so it stays theirs until {until}. "
        "Another one?",
        "@{handle} était le pseudo de quelqu'un jusqu'à récemment : il lui reste réservé "
        "jusqu'au {until}. Un autre ?",
    ),
    "handle.same_handle": ("You're already @{handle}.", "Vous êtes déjà @{handle}."),
    "handle.too_short": (
        "A handle needs at least {limit} characters. Another one?",
        "Un pseudo doit faire au moins {limit} caractères. Un autre ?",
    ),
    "handle.too_long": (
        "A handle can have at most {limit} characters. Another one?",
        "Un pseudo fait au plus {limit} caractères. Un autre ?",
    ),
    "handle.bad_characters": (
        "A handle can only use a–z, 0–9, _ and . (not “{character}”). Another one?",
        "Un pseudo ne peut contenir que a–z, 0–9, _ et . (pas « {character} »). Un autre ?",
    ),
    "handle.no_letter": (
        "A handle needs at least one letter: a number alone reads as a post number. "
        "Another one?",
        "Un pseudo contient au moins une lettre : un nombre seul se lit comme un numéro de "
        "message. Un autre ?",
    ),
    "handle.reserved": (
        "“{handle}” is one of the words I read as a command, so it can't be a handle. "
        "Another one?",
        "« {handle} » fait partie des mots que je lis comme des commandes : ce ne peut pas "
        "être un pseudo. Un autre ?",
    ),
    "handle.bad_shape": (
        "A handle starts with a letter or a digit, and a dot must sit between two other "
        "characters (not at the end, not two in a row). Another one?",
        "Un pseudo commence par une lettre ou un chiffre, et un point doit se trouver entre "
        "deux autres caractères (pas à la fin, pas deux de suite). Un autre ?",
    ),
    "hello.schedule": (
        "One more thing, if you like: when should your daily digest arrive, and where are you? "
        "Say something like “8am Paris” or “19:30 America/Montreal”. Otherwise it comes at "
        "{time} ({timezone}); just carry on.",
        "Une dernière chose, si vous voulez : à quelle heure voulez-vous votre résumé quotidien, "
        "et où êtes-vous ? Dites par exemple « 8h Paris » ou « 19h30 America/Montreal ». Sinon "
        "il arrive à {time} ({timezone}) ; continuez simplement.",
    ),
    # actions
    "post.done": ("Posted! It's #{id}.", "C'est publié ! C'est le n°{id}."),
    "post.done_followers": (
        "Posted for your followers only. It's #{id}.",
        "Publié pour vos abonnés seulement. C'est le n°{id}.",
    ),
    "reply.done": ("Replied to #{parent}. Your reply is #{id}.",
                   "Réponse envoyée au n°{parent}. C'est le n°{id}."),
    "reply.compose": ("What's your reply to #{id}?", "Que voulez-vous répondre au n°{id} ?"),
    "edit_post.done": ("Edited #{id}; its replies, likes and reposts stay, and its earlier words "
                       "are kept.",
                       "Le n°{id} est modifié ; ses réponses, j'aime et partages restent, et "
                       "l'ancien texte est gardé."),
    "quote.done": ("Posted! It's #{id}, quoting #{quoted}.",
                   "C'est publié ! C'est le n°{id}, qui cite le n°{quoted}."),
    "quote.done_followers": ("Posted for your followers only. It's #{id}, quoting #{quoted}.",
                             "Publié pour vos abonnés seulement. C'est le n°{id}, qui cite le "
                             "n°{quoted}."),
    "post.edited": ("edited {when}", "modifié {when}"),
    "post.quote_gone": ("(the post #{id} it quotes is not available)",
                        "(le message cité, n°{id}, n'est pas disponible)"),
    "show_post.versions": ("Before its edits:", "Avant modification :"),
    "show_post.version": ("{when}: {text}", "{when} : {text}"),
    "like.done": ("Liked #{id} ♥", "Vous aimez le n°{id} ♥"),
    "like.already": ("You already like #{id}.", "Vous aimez déjà le n°{id}."),
    "show_post.liked_by": ("♥ {handles}", "♥ {handles}"),
    "show_post.reposted_by": ("↻ {handles}", "↻ {handles}"),
    "show_post.parent": ("In reply to #{id}:", "En réponse au n°{id} :"),
    "show_post.replies": ("Replies ({n}):", "Réponses ({n}) :"),
    "show_post.more": ("More replies to #{id}:", "Suite des réponses au n°{id} :"),
    "show_post.end": ("No more replies to #{id}.", "Plus d'autres réponses au n°{id}."),
    "unlike.done": ("You no longer like #{id}.", "Vous n'aimez plus le n°{id}."),
    "unlike.not_liked": ("You hadn't liked #{id}.", "Vous n'aimiez pas le n°{id}."),
    "unrepost.done": ("You no longer share #{id}; the post itself stays.",
                      "Vous ne partagez plus le n°{id} ; le message lui-même reste."),
    "repost.done": ("Shared #{id} by @{author} with your followers.",
                    "Le n°{id} de @{author} est partagé avec vos abonnés."),
    "delete_post.done": ("Deleted #{id}.", "Le n°{id} est supprimé."),
    "change_handle.done": (
        "You're now @{handle}. @{old} stays reserved for you for 30 days: old mentions and "
        "“follow @{old}” still reach you meanwhile.",
        "Vous êtes maintenant @{handle}. @{old} vous reste réservé 30 jours : les anciennes "
        "mentions et « suis @{old} » mènent encore à vous d'ici là.",
    ),
    "pin.done": ("Pinned #{id}: it's the first thing people see on your profile.",
                 "Le n°{id} est épinglé : c'est ce qu'on voit en premier sur votre profil."),
    "pin.already": ("#{id} is already pinned.", "Le n°{id} est déjà épinglé."),
    "unpin.done": ("Unpinned #{id}; the post itself stays.",
                   "Le n°{id} n'est plus épinglé ; le message lui-même reste."),
    "unpin.none": ("You have no pinned post.", "Vous n'avez pas de message épinglé."),
    "unpin.not_pinned": ("#{id} isn't your pinned post, so nothing changed.",
                         "Le n°{id} n'est pas votre message épinglé : rien n'a changé."),
    "profile.pinned": ("📌 Pinned:", "📌 Épinglé :"),
    "report.done_post": (
        "Thanks for telling me. #{id} is reported: a moderator will look at it, and I'll let "
        "you know if something is done. Its author won't know who reported it.",
        "Merci de me l'avoir dit. Le n°{id} est signalé : un modérateur va l'examiner, et je "
        "vous dirai si quelque chose est fait. Son auteur ne saura pas qui l'a signalé."),
    "report.done_person": (
        "Thanks for telling me. @{handle} is reported: a moderator will look into it, and "
        "I'll let you know if something is done. They won't know who reported them.",
        "Merci de me l'avoir dit. Le compte @{handle} est signalé : un modérateur va "
        "l'examiner, et je vous dirai si quelque chose est fait. Cette personne ne saura pas "
        "qui l'a signalée."),
    "report.again": (
        "You reported that already; I've kept your latest words. A moderator will look at it.",
        "Vous l'aviez déjà signalé ; j'ai gardé vos derniers mots. Un modérateur va "
        "l'examiner."),
    "report.reason": ("\nYour reason: “{reason}”", "\nVotre raison : « {reason} »"),
    "report.told_removed": (
        "About your report: the post you reported (#{id}) broke Plaza's rules and has been "
        "removed. Thank you for telling us.",
        "À propos de votre signalement : le message signalé (n°{id}) enfreignait les règles "
        "de Plaza et a été supprimé. Merci de nous l'avoir dit."),
    "report.told_suspended": (
        "About your report: the account you reported (@{handle}) broke Plaza's rules and "
        "has been suspended. Thank you for telling us.",
        "À propos de votre signalement : le compte signalé (@{handle}) enfreignait les "
        "règles de Plaza et a été suspendu. Merci de nous l'avoir dit."),
    "report.told_suspended_post": (
        "About your report: the author of the post you reported (#{id}), @{handle}, broke "
        "Plaza's rules and their account has been suspended. Thank you for telling us.",
        "À propos de votre signalement : l'auteur du message signalé (n°{id}), @{handle}, "
        "enfreignait les règles de Plaza et son compte a été suspendu. Merci de nous "
        "l'avoir dit."),
    "report.told_suspended_posts": (
        "About your reports: the author of the posts you reported, @{handle}, broke Plaza's "
        "rules and their account has been suspended. Thank you for telling us.",
        "À propos de vos signalements : l'auteur des messages signalés, @{handle}, "
        "enfreignait les règles de Plaza et son compte a été suspendu. Merci de nous "
        "l'avoir dit."),
    "report.told_gone_post": (
        "About your report: the post you reported (#{id}) is no longer on Plaza. Thank you "
        "for telling us.",
        "À propos de votre signalement : le message signalé (n°{id}) n'est plus sur Plaza. "
        "Merci de nous l'avoir dit."),
    "report.told_gone_posts": (
        "About your reports: the posts you reported by @{handle} are no longer on Plaza. "
        "Thank you for telling us.",
        "À propos de vos signalements : les messages de @{handle} que vous avez signalés ne "
        "sont plus sur Plaza. Merci de nous l'avoir dit."),
    "report.told_gone_person": (
        "About your report: the account you reported (@{handle}) is no longer on Plaza. "
        "Thank you for telling us.",
        "À propos de votre signalement : le compte signalé (@{handle}) n'est plus sur "
        "Plaza. Merci de nous l'avoir dit."),
    "follow.done": ("You now follow @{handle}. Their posts will show in your feed and digest.",
                    "Vous suivez maintenant @{handle}. Ses messages seront dans votre fil et "
                    "votre résumé."),
    "follow.already": ("You already follow @{handle}.", "Vous suivez déjà @{handle}."),
    "unfollow.done": ("You no longer follow @{handle}.", "Vous ne suivez plus @{handle}."),
    "unfollow.already": ("You weren't following @{handle}.", "Vous ne suiviez pas @{handle}."),
    "block.done": ("Blocked @{handle}. Neither of you will see the other.",
                   "@{handle} est bloqué. Vous ne vous verrez plus l'un l'autre."),
    "block.already": ("@{handle} is already blocked.", "@{handle} est déjà bloqué."),
    "unblock.done": ("Unblocked @{handle}.", "@{handle} est débloqué."),
    "unblock.already": ("@{handle} wasn't blocked.", "@{handle} n'était pas bloqué."),
    # true whether or not the person is followed (a newcomer muted someone they never
    # followed and read "still followed")
    "mute.done": ("Muted @{handle}: their posts stay out of your feed, digest and mentions, "
                  "and they aren't told.",
                  "@{handle} est masqué : ses messages n'apparaissent plus dans votre fil, "
                  "votre résumé ni vos mentions, et on ne le prévient pas."),
    "mute.already": ("@{handle} is already muted.", "@{handle} est déjà masqué."),
    "unmute.done": ("@{handle} is back in your feed.", "@{handle} est de retour dans votre fil."),
    "unmute.already": ("@{handle} wasn't muted.", "@{handle} n'était pas masqué."),
    # notifications (storage/notifications.py): "notify me when @alice posts", the kinds
    # switched off, quiet hours at local time
    "subscribe.done": ("I'll tell you each time @{handle} posts.",
                       "Je vous préviendrai chaque fois que @{handle} publiera."),
    "subscribe.already": ("You already hear about each post of @{handle}.",
                          "Vous êtes déjà prévenu de chaque message de @{handle}."),
    "subscribe.posts_off": ("Post notifications are switched off, though: say “turn post "
                            "notifications back on” to get them.",
                            "Les notifications de messages sont coupées, cependant : dites "
                            "« réactive les notifications de messages » pour les recevoir."),
    "unsubscribe.done": ("No more notifications of @{handle}'s posts.",
                         "Plus de notifications pour les messages de @{handle}."),
    "unsubscribe.already": ("You weren't getting notified of @{handle}'s posts.",
                            "Vous n'étiez pas prévenu des messages de @{handle}."),
    "notifications.header": ("Your notifications:", "Vos notifications :"),
    "notifications.on": ("On: {kinds}.", "Activées : {kinds}."),
    "notifications.off": ("Off: {kinds}.", "Coupées : {kinds}."),
    "notifications.all_off": ("All switched off.", "Toutes coupées."),
    "notifications.quiet": ("Quiet hours: {start} to {end} ({timezone}); what comes then "
                            "waits until they end.",
                            "Heures calmes : de {start} à {end} ({timezone}) ; ce qui arrive "
                            "pendant ce temps attend leur fin."),
    "notifications.no_quiet": ("No quiet hours.", "Pas d'heures calmes."),
    "notifications.posts_of": ("Each post of: {handles}.", "Chaque message de : {handles}."),
    "notifications.posts_of_none": ("Nobody's posts in particular: say “notify me when @alice "
                                    "posts” to hear of each one.",
                                    "Les messages de personne en particulier : dites "
                                    "« préviens-moi quand @alice publie » pour être prévenu "
                                    "de chacun."),
    "switch_notifications.off": ("Notifications off: {kinds}.",
                                 "Notifications coupées : {kinds}."),
    "switch_notifications.on": ("Notifications back on: {kinds}.",
                                "Notifications réactivées : {kinds}."),
    "quiet_hours.done": ("Quiet hours: {start} to {end} ({timezone}). Notifications that come "
                         "then wait, and arrive as one message at {end}.",
                         "Heures calmes : de {start} à {end} ({timezone}). Les notifications "
                         "qui arrivent pendant ce temps attendent, et vous parviennent en un "
                         "seul message à {end}."),
    # the AI opt-out (issue 18): the person's posts never go to a language model
    "ai_opt_out.out": ("Done: your posts will never be sent to a language model, for anyone's "
                       "summary or explanation. Digests written by code still quote them. "
                       "Say “you can use my posts for AI again” to change your mind.",
                       "C'est fait : vos messages ne seront jamais envoyés à un modèle de "
                       "langage, pour le résumé ou l'explication de personne. Les résumés écrits "
                       "sans modèle les citent toujours. Dites « tu peux de nouveau utiliser mes "
                       "messages pour l'IA » pour changer d'avis."),
    "ai_opt_out.in": ("Done: your posts may be read by the language model again when someone "
                      "asks for a summary or an explanation.",
                      "C'est fait : vos messages peuvent de nouveau être lus par le modèle de "
                      "langage quand quelqu'un demande un résumé ou une explication."),
    # explain a post, catch up (issue 18, bot.ai): the sentences, then the posts
    "explain.header": ("{text}", "{text}"),
    "catch_up.header": ("{text}", "{text}"),
    "catch_up.empty": ("Nothing new you can see in the last day.",
                       "Rien de nouveau que vous puissiez voir depuis hier."),
    "catch_up.empty_topic": ("Nothing about {topic} you can see in the last day.",
                             "Rien sur {topic} que vous puissiez voir depuis hier."),
    "ai.offline": ("(Written without a model.)", "(Écrit sans modèle de langage.)"),
    "ai.quoted": ("#{id} by @{author}: “{excerpt}” ({counts})",
                  "n°{id} de @{author} : « {excerpt} » ({counts})"),
    "explain.post": ("#{id} by @{author}: {counts}.", "Le n°{id} de @{author} : {counts}."),
    "explain.answers": ("It answers {quoted}.", "Il répond au {quoted}."),
    "explain.thread": ("In its conversation, {posts} by {authors}; the most engaged: {quoted}.",
                       "Dans sa conversation, {posts} de {authors} ; le plus suivi : {quoted}."),
    "explain.related": ("Also on {tags}: {quoted}.", "Aussi sur {tags} : {quoted}."),
    "explain.alone": ("Nothing else you can see is about it yet.",
                      "Rien d'autre que vous voyez n'en parle encore."),
    "catch_up.counted": ("In the last day: {posts} by {people} that you may see. The most "
                         "engaged:",
                         "Depuis hier : {posts} de {people} que vous pouvez voir. Les plus "
                         "suivis :"),
    "catch_up.counted_topic": ("On {topic} in the last day: {posts} by {people}. The most "
                               "engaged:",
                               "Sur {topic} depuis hier : {posts} de {people}. Les plus "
                               "suivis :"),
    "profile.ai_opt_out": ("Posts kept out of AI.", "Messages tenus à l'écart de l'IA."),
    "quiet_hours.none": ("No quiet hours: notifications come as they happen.",
                         "Pas d'heures calmes : les notifications arrivent dès qu'elles se "
                         "produisent."),
    # steering the feed (storage/steering.py): "show me less politics this week"
    "steer.hide": ("I'll hide posts that say “{term}” from your digest, trending and "
                   "notifications{until}.",
                   "Je cacherai les messages qui disent « {term} » de votre résumé, des "
                   "tendances et des notifications{until}."),
    "steer.less": ("You'll see less of “{term}” in your digest{until}.",
                   "Vous verrez moins de « {term} » dans votre résumé{until}."),
    "steer.more": ("You'll see more of “{term}” in your digest{until}.",
                   "Vous verrez plus de « {term} » dans votre résumé{until}."),
    "steer.until": (", until {when}", ", jusqu'à {when}"),
    "steer.plain": ("“What's new?” still shows everything, newest first.",
                    "« Quoi de neuf ? » montre toujours tout, du plus récent au plus ancien."),
    "steer.empty": ("Which word or topic? For example “show me less politics this week”.",
                    "Quel mot ou quel sujet ? Par exemple « montre-moi moins de politique "
                    "cette semaine »."),
    "steer.too_long": ("That's {length} characters; a word or topic can have at most {limit}.",
                       "Cela fait {length} caractères ; un mot ou un sujet en a {limit} au "
                       "plus."),
    "steer.too_many": ("You already have {limit} words and topics set; say “what have I "
                       "asked you to hide?” and take some back first.",
                       "Vous avez déjà {limit} mots et sujets réglés ; dites « qu'est-ce que "
                       "je t'ai demandé de cacher ? » et retirez-en d'abord."),
    "steering.header": ("What you asked of your feed:", "Ce que vous avez demandé à votre fil :"),
    "steering.hide": ("Hidden: “{term}”{until}", "Caché : « {term} »{until}"),
    "steering.less": ("Less: “{term}”{until}", "Moins : « {term} »{until}"),
    "steering.more": ("More: “{term}”{until}", "Plus : « {term} »{until}"),
    "steering.until": (" (until {when})", " (jusqu'à {when})"),
    "steering.how": ("Say “stop hiding {term}” to take one back.",
                     "Dites « arrête de cacher {term} » pour en retirer un."),
    "steering.empty": ("You haven't asked me to hide anything, nor to show less or more of "
                       "anything. Say “show me less politics this week” or “hide posts with "
                       "the word spoiler until Sunday”.",
                       "Vous ne m'avez rien demandé de cacher, ni d'en montrer moins ou plus. "
                       "Dites « montre-moi moins de politique cette semaine » ou « cache les "
                       "messages avec le mot spoiler jusqu'à dimanche »."),
    "unsteer.done": ("Done: “{term}” is shown and ranked as before.",
                     "C'est fait : « {term} » est de nouveau montré et classé comme avant."),
    "unsteer.already": ("You had asked nothing about “{term}”.",
                        "Vous n'aviez rien demandé sur « {term} »."),
    "when.end_of": ("the end of {day}", "la fin du {day}"),
    "when.at": ("{day} at {time}", "{day} à {time}"),
    "when.day": ("{weekday} {month} {n}", "{weekday} {n} {month}"),
    **{f"weekday.{i}": names for i, names in enumerate(zip(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        strict=True))},
    **{f"month.{i + 1}": names for i, names in enumerate(zip(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"), strict=True))},
    "kind.reply": ("replies", "réponses"),
    "kind.mention": ("mentions", "mentions"),
    "kind.quote": ("quotes", "citations"),
    "kind.repost": ("reposts", "partages"),
    "kind.follow": ("new followers", "nouveaux abonnés"),
    "kind.like": ("likes", "j'aime"),
    "kind.post": ("posts of people you asked about", "messages des personnes demandées"),
    "kind.and": (" and ", " et "),
    "read_feed.header": ("What's new:", "Quoi de neuf :"),
    "read_feed.empty": (
        "Your feed is empty for now. Follow people to fill it: try “find people into jazz”.",
        "Votre fil est vide pour l'instant. Suivez des gens pour le remplir : essayez « trouve "
        "des gens qui aiment le jazz ».",
    ),
    "read_feed.author_header": ("Posts by @{handle}:", "Messages de @{handle} :"),
    "read_feed.author_empty": ("@{handle} hasn't posted anything you can see yet.",
                               "@{handle} n'a encore rien publié que vous puissiez voir."),
    "read_feed.mine_empty": ("You haven't posted anything yet. Try “post: hello everyone”.",
                             "Vous n'avez encore rien publié. Essayez « publie : bonjour à "
                             "tous »."),
    "read_feed.end": ("That's all for now.", "C'est tout pour l'instant."),
    "digest.header": ("Your digest, {date}:", "Votre résumé du {date} :"),
    "digest.posts": ("From the people you follow:", "Des personnes que vous suivez :"),
    "digest.mentions": ("Replies and mentions:", "Réponses et mentions :"),
    "digest.summary": ("{text}", "{text}"),
    "digest.author": ("@{handle}:", "@{handle} :"),
    "digest.author_named": ("{name} (@{handle}):", "{name} (@{handle}) :"),
    "digest.lead_post": ("Top of your network: @{author} — “{excerpt}”.",
                         "À la une de votre réseau : @{author} — « {excerpt} »."),
    "digest.lead_mention": ("@{author} wrote to you: “{excerpt}”.",
                            "@{author} vous a écrit : « {excerpt} »."),
    "digest.also": ("Also: {parts}.", "Aussi : {parts}."),
    "digest.also_nothing": ("That's all since your last digest.",
                            "C'est tout depuis votre dernier résumé."),
    "digest.and": (" and ", " et "),
    "digest.suggestions": ("You might like:", "Ils pourraient vous plaire :"),
    "digest.empty": ("Nothing new since your last digest.",
                     "Rien de nouveau depuis votre dernier résumé."),
    # one person, several platforms (bot/conversation/linking.py)
    "link.code": (
        "Your code: {code}\n\n{where} It works once, for {minutes} minutes.\n"
        "Never give it to anyone: whoever types it joins their account to yours.",
        "Votre code : {code}\n\n{where} Il marche une fois, pendant {minutes} minutes.\n"
        "Ne le donnez à personne : qui le tape relie son compte au vôtre.",
    ),
    "link.where_named": ("On {platform}, send me “link” and this code.",
                         "Sur {platform}, envoyez-moi « lier » suivi de ce code."),
    "link.done": ("Linked: here too you are @{handle}, with the same posts, follows and "
                  "settings. Your digest goes to the platform you used last; say “send my "
                  "digest here” to choose.",
                  "C'est relié : ici aussi vous êtes @{handle}, avec les mêmes messages, "
                  "abonnements et réglages. Votre résumé part sur la plateforme utilisée en "
                  "dernier ; dites « envoie mon résumé ici » pour choisir."),
    "link.merge_ask": (
        "Here you already are @{own} ({holds}). Linking to @{first} makes one account of the "
        "two: posts, likes, follows, blocks and mutes all move to it, the kept handle's "
        "settings stay, and the other handle is freed. Which handle do you keep: @{first} or "
        "@{own}? (or “cancel”)",
        "Ici, vous êtes déjà @{own} ({holds}). Relier à @{first} fait un seul compte des "
        "deux : messages, j'aime, abonnements, blocages et masquages y passent, les réglages "
        "du pseudo gardé restent, et l'autre pseudo est libéré. Quel pseudo gardez-vous : "
        "@{first} ou @{own} ? (ou « annuler »)",
    ),
    "link.has_interests": ("interests", "des centres d'intérêt"),
    "link.has_blocks": ("blocks or mutes", "des blocages ou masquages"),
    "link.has_settings": ("its own settings", "ses propres réglages"),
    "link.has_platforms": ("also on {platforms}", "aussi sur {platforms}"),
    "link.merge_which": ("Which handle do you keep: @{first} or @{other}? (or “cancel”)",
                         "Quel pseudo gardez-vous : @{first} ou @{other} ? (ou « annuler »)"),
    "link.merge_expired": ("That question has expired, and nothing was merged. Send the code "
                           "again if it still works, or ask for a new one with “link”.",
                           "Cette question a expiré, et rien n'a été fusionné. Renvoyez le code "
                           "s'il marche encore, ou demandez-en un nouveau avec « lier »."),
    "link.merge_dropped": ("(I've set the merge question aside: nothing was merged. Send the "
                           "code again to come back to it.)",
                           "(J'ai laissé la question de fusion de côté : rien n'a été "
                           "fusionné. Renvoyez le code pour y revenir.)"),
    "link.merge_cancelled": ("OK, nothing was merged. The code still works until it expires, "
                             "if you change your mind.",
                             "D'accord, rien n'a été fusionné. Le code marche encore jusqu'à "
                             "son expiration, si vous changez d'avis."),
    "link.merged": ("Done: one account, @{handle}, on {platforms}. Moved over from the "
                    "other: {posts}, {follows}, {likes}. @{freed} is free again.",
                    "C'est fait : un seul compte, @{handle}, sur {platforms}. Transférés "
                    "depuis l'autre : {posts}, {follows}, {likes}. @{freed} est de nouveau "
                    "libre."),
    "linked.header": ("@{handle} is linked on:", "@{handle} est présent sur :"),
    "linked.line": ("• {platform}: used {seen}", "• {platform} : utilisé {seen}"),
    "linked.digest": (" (your digest goes here first)", " (votre résumé part ici d'abord)"),
    "linked.closed": (" (I can't write to you there)", " (je ne peux pas vous y écrire)"),
    "linked.hint": ("Say “link” to add a platform, or “unlink” and its name to remove one.",
                    "Dites « lier » pour ajouter une plateforme, ou « délier » et son nom pour "
                    "en retirer une."),
    "link.spent_published": ("That was a live link code, so I've cancelled it: nobody can "
                             "use it now. Say “link” for a new one, and keep it to yourself.",
                             "C'était un code de liaison valide, je l'ai donc annulé : personne "
                             "ne peut plus s'en servir. Dites « lier » pour en avoir un "
                             "nouveau, et gardez-le pour vous."),
    "unlink.done": ("@{handle} is no longer linked on {platform}. Writing to me there again "
                    "starts a new account.",
                    "@{handle} n'est plus présent sur {platform}. M'y écrire de nouveau crée un "
                    "nouveau compte."),
    "set_digest.platform": ("Your digest will go to {platform} first, and to your other "
                            "platforms when {platform} can't reach you.",
                            "Votre résumé partira d'abord sur {platform}, puis sur vos autres "
                            "plateformes si {platform} ne vous joint pas."),
    "set_digest.platform_last": ("Your digest will go to the platform you used last.",
                                 "Votre résumé partira sur la plateforme utilisée en dernier."),
    "set_digest.done": ("Your digest will arrive every day at {time} ({timezone}).",
                        "Votre résumé arrivera chaque jour à {time} ({timezone})."),
    "set_digest.always": ("Your digest will come every day, with one short line on days with "
                          "nothing new.",
                          "Votre résumé viendra chaque jour, avec une courte ligne les jours sans "
                          "nouveauté."),
    "set_digest.quiet": ("On days with nothing new there will be no digest at all.",
                         "Les jours sans nouveauté, pas de résumé du tout."),
    "set_digest.off": ("Digests are off. Say “send my digest at 8am” to turn them back on.",
                       "Résumés coupés. Dites « résumé à 8h » pour les réactiver."),
    "set_digest.ask": ("I couldn't read that time. When should your digest arrive? For example "
                       "“8am” or “19:30”.",
                       "Je n'ai pas compris l'heure. Quand voulez-vous votre résumé ? Par exemple "
                       "« 8h » ou « 19h30 »."),
    "discover.header": ("People you might like:", "Des personnes qui pourraient vous plaire :"),
    "discover.topic_header": ("People into {topic}:", "Des personnes qui aiment {topic} :"),
    "discover.empty": (
        "No suggestions yet. Tell me your interests (“my interests are jazz and rust”) or "
        "search a topic (“find people into climbing”).",
        "Pas encore de suggestions. Donnez-moi vos centres d'intérêt (« mes intérêts : jazz, "
        "escalade ») ou cherchez un sujet (« trouve des gens qui aiment l'escalade »).",
    ),
    "discover.topic_empty": ("I found nobody into {topic} yet.",
                             "Je n'ai trouvé personne qui aime {topic} pour l'instant."),
    "search.header": ("Posts about “{query}”:", "Messages sur « {query} » :"),
    "search.empty": ("Nothing about “{query}” yet.", "Rien sur « {query} » pour l'instant."),
    "show_profile.you": ("Your profile:", "Votre profil :"),
    "update_profile.done": ("Profile updated.", "Profil mis à jour."),
    "update_profile.nothing": (
        "What should I change? Your name, bio or interests, e.g. “my interests are jazz, rust”.",
        "Que faut-il changer ? Votre nom, bio ou centres d'intérêt, par ex. « mes intérêts : "
        "jazz, escalade ».",
    ),
    "followers.header": ("Your followers ({count}):", "Vos abonnés ({count}) :"),
    "followers.empty": ("Nobody follows you yet. Post something!",
                        "Personne ne vous suit encore. Publiez quelque chose !"),
    "following.header": ("You follow ({count}):", "Vous suivez ({count}) :"),
    "following.empty": ("You don't follow anyone yet. Try “who should I follow?”.",
                        "Vous ne suivez personne. Essayez « qui devrais-je suivre ? »."),
    "mentions.header": ("Replies and mentions:", "Réponses et mentions :"),
    "trending.header": ("Rising in the last 24 hours:", "En hausse ces dernières 24 heures :"),
    "trending.line": ("#{tag} · {people}", "#{tag} · {people}"),
    "trending.empty": ("Nothing is rising right now: no hashtag is used by more people "
                       "today than on a usual day. Search one with “search #tag”.",
                       "Rien n'est en hausse pour l'instant : aucun hashtag n'est plus utilisé "
                       "aujourd'hui qu'un jour ordinaire. Cherchez-en un avec « cherche #tag »."),
    "mentions.empty": ("No replies or mentions yet.", "Aucune réponse ni mention pour l'instant."),
    "export_data.done": ("Here is everything you gave Plaza, as JSON.",
                         "Voici tout ce que vous avez confié à Plaza, en JSON."),
    "delete_account.done": (
        "Your account and everything in it are gone. Goodbye! Write again any time to start "
        "afresh.",
        "Votre compte et tout son contenu sont supprimés. Au revoir ! Écrivez-moi quand vous "
        "voulez pour recommencer.",
    ),
    "delete_account.done_suspended": (
        "Your account and everything in it are gone. Goodbye! As it was suspended, this "
        "account can't open a new one.",
        "Votre compte et tout son contenu sont supprimés. Au revoir ! Comme il était "
        "suspendu, ce compte ne peut pas en ouvrir un nouveau.",
    ),
    # undo (bot/conversation/undo.py): "undo.<what was done>", then "…_changed" when
    # nothing is left to undo because it changed since
    "undo.post.done": ("Undone: your post #{id} is deleted.",
                       "Annulé : votre message n°{id} est supprimé."),
    "undo.post.done_changed": ("Nothing to undo: #{id} is already deleted.",
                               "Rien à annuler : le n°{id} est déjà supprimé."),
    "undo.post.done_followers": ("Undone: your post #{id} is deleted.",
                                 "Annulé : votre message n°{id} est supprimé."),
    "undo.post.done_followers_changed": ("Nothing to undo: #{id} is already deleted.",
                                         "Rien à annuler : le n°{id} est déjà supprimé."),
    "undo.reply.done": ("Undone: your reply #{id} is deleted.",
                        "Annulé : votre réponse n°{id} est supprimée."),
    "undo.reply.done_changed": ("Nothing to undo: your reply #{id} is already deleted.",
                                "Rien à annuler : votre réponse n°{id} est déjà supprimée."),
    "undo.quote.done": ("Undone: your quote #{id} is deleted.",
                        "Annulé : votre citation n°{id} est supprimée."),
    "undo.quote.done_changed": ("Nothing to undo: #{id} is already deleted.",
                                "Rien à annuler : le n°{id} est déjà supprimé."),
    "undo.quote.done_followers": ("Undone: your quote #{id} is deleted.",
                                  "Annulé : votre citation n°{id} est supprimée."),
    "undo.quote.done_followers_changed": ("Nothing to undo: #{id} is already deleted.",
                                          "Rien à annuler : le n°{id} est déjà supprimé."),
    "undo.edit_post.done": ("Undone: #{id} says what it said before your edit.",
                            "Annulé : le n°{id} dit de nouveau ce qu'il disait avant votre "
                            "modification."),
    "undo.edit_post.done_changed": ("Nothing to undo: #{id} was changed or deleted since.",
                                    "Rien à annuler : le n°{id} a été modifié ou supprimé "
                                    "depuis."),
    "undo.repost.done": ("Undone: you no longer share #{id}.",
                         "Annulé : vous ne partagez plus le n°{id}."),
    "undo.repost.done_changed": ("Nothing to undo: your repost of #{id} is already gone.",
                                 "Rien à annuler : votre partage du n°{id} n'est déjà plus là."),
    "undo.unrepost.done": ("Undone: you share #{id} with your followers again.",
                           "Annulé : vous partagez de nouveau le n°{id} avec vos abonnés."),
    "undo.unrepost.done_changed": ("Nothing to undo: #{id} can't be shared again now (it is "
                                   "gone, hidden from you or shared already).",
                                   "Rien à annuler : le n°{id} ne peut plus être partagé (il "
                                   "a disparu, vous est caché ou est déjà partagé)."),
    "undo.like.done": ("Undone: you no longer like #{id}.",
                       "Annulé : vous n'aimez plus le n°{id}."),
    "undo.like.done_changed": ("Nothing to undo: you don't like #{id} any more already.",
                               "Rien à annuler : vous n'aimez déjà plus le n°{id}."),
    "undo.unlike.done": ("Undone: you like #{id} again.",
                         "Annulé : vous aimez de nouveau le n°{id}."),
    "undo.unlike.done_changed": ("Nothing to undo: #{id} is liked already, or gone.",
                                 "Rien à annuler : le n°{id} est déjà aimé, ou a disparu."),
    "undo.pin.done": ("Undone: #{id} is no longer pinned.",
                      "Annulé : le n°{id} n'est plus épinglé."),
    "undo.pin.done_changed": ("Nothing to undo: #{id} is no longer pinned already.",
                              "Rien à annuler : le n°{id} n'est déjà plus épinglé."),
    "undo.pin_again": ("#{id} is pinned again, as before.",
                       "Le n°{id} est de nouveau épinglé, comme avant."),
    "undo.unpin.done": ("Undone: #{id} is pinned again.",
                        "Annulé : le n°{id} est de nouveau épinglé."),
    "undo.unpin.done_changed": ("Nothing to undo: #{id} is gone, or pinned already.",
                                "Rien à annuler : le n°{id} a disparu, ou est déjà épinglé."),
    "undo.follow.done": ("Undone: you no longer follow @{handle}.",
                         "Annulé : vous ne suivez plus @{handle}."),
    "undo.follow.done_changed": ("Nothing to undo: you already stopped following @{handle}.",
                                 "Rien à annuler : vous ne suivez déjà plus @{handle}."),
    "undo.unfollow.done": ("Undone: you follow @{handle} again.",
                           "Annulé : vous suivez de nouveau @{handle}."),
    "undo.unfollow.done_changed": ("Nothing to undo: you can't follow @{handle} again now, or "
                                   "already do.",
                                   "Rien à annuler : impossible de suivre de nouveau @{handle} "
                                   "maintenant, ou c'est déjà fait."),
    "undo.block.done": ("Undone: @{handle} is unblocked.", "Annulé : @{handle} est débloqué."),
    "undo.block.done_changed": ("Nothing to undo: @{handle} is already unblocked.",
                                "Rien à annuler : @{handle} est déjà débloqué."),
    "undo.follows_back": ("The follows the block ended are back, as they were.",
                          "Les abonnements que le blocage avait coupés sont rétablis, comme "
                          "avant."),
    "undo.follows_lost": ("The follows the block ended could not all come back: follow "
                          "@{handle} again if you wish.",
                          "Les abonnements que le blocage avait coupés n'ont pas tous pu être "
                          "rétablis : suivez de nouveau @{handle} si vous le souhaitez."),
    "undo.unblock.done": ("Undone: @{handle} is blocked again.",
                          "Annulé : @{handle} est de nouveau bloqué."),
    "undo.unblock.done_changed": ("Nothing to undo: @{handle} is blocked already.",
                                  "Rien à annuler : @{handle} est déjà bloqué."),
    "undo.mute.done": ("Undone: @{handle} is back in your feed.",
                       "Annulé : @{handle} est de retour dans votre fil."),
    "undo.mute.done_changed": ("Nothing to undo: @{handle} is already unmuted.",
                               "Rien à annuler : @{handle} n'est déjà plus masqué."),
    "undo.unmute.done": ("Undone: @{handle} is muted again.",
                         "Annulé : @{handle} est de nouveau masqué."),
    "undo.unmute.done_changed": ("Nothing to undo: @{handle} is muted already.",
                                 "Rien à annuler : @{handle} est déjà masqué."),
    "undo.update_profile.done": ("Undone: your profile is as it was.",
                                 "Annulé : votre profil est comme avant."),
    "undo.update_profile.done_changed": ("Nothing to undo: your profile can't be put back.",
                                         "Rien à annuler : votre profil ne peut pas être "
                                         "rétabli."),
    "undo.and": (" and ", " et "),  # joins what to ask instead, for several things done
    "undo.subscribe.done": ("Undone: no more notifications of @{handle}'s posts.",
                            "Annulé : plus de notifications pour les messages de @{handle}."),
    "undo.subscribe.done_changed": ("Nothing to undo: you no longer hear of @{handle}'s "
                                    "posts already.",
                                    "Rien à annuler : vous n'êtes déjà plus prévenu des "
                                    "messages de @{handle}."),
    "undo.unsubscribe.done": ("Undone: I'll tell you each time @{handle} posts again.",
                              "Annulé : je vous préviendrai de nouveau chaque fois que "
                              "@{handle} publiera."),
    "undo.unsubscribe.done_changed": ("Nothing to undo: you can't hear of @{handle}'s posts "
                                      "now, or already do.",
                                      "Rien à annuler : impossible d'être prévenu des messages "
                                      "de @{handle} maintenant, ou c'est déjà le cas."),
    "undo.nothing": ("Nothing to undo: I haven't done anything for you here lately.",
                     "Rien à annuler : je n'ai rien fait pour vous ici récemment."),
    "undo.too_late": ("That was {ago}; undo works for 2 minutes: {instead} instead.",
                      "C'était {ago} ; l'annulation marche pendant 2 minutes : {instead} "
                      "plutôt."),
    "undo.elsewhere": ("What I did last for you was in our private chat: say “undo” there.",
                       "Ce que j'ai fait en dernier pour vous, c'était dans notre discussion "
                       "privée : dites « annule » là-bas."),
    "undo.final.delete_post": ("Deleting #{id} can't be undone: a deleted post is gone for good.",
                               "La suppression du n°{id} ne s'annule pas : un message supprimé "
                               "l'est pour de bon."),
    "undo.final.set_digest": ("A digest setting isn't undone: just say the one you want, like "
                              "“digest at 8am”.",
                              "Un réglage du résumé ne s'annule pas : dites simplement celui "
                              "que vous voulez, par exemple « résumé à 8h »."),
    "undo.final.switch_notifications": ("A notification setting isn't undone: just say the "
                                        "one you want, like “turn likes back on”.",
                                        "Un réglage des notifications ne s'annule pas : dites "
                                        "simplement celui que vous voulez, par exemple "
                                        "« réactive les j'aime »."),
    "undo.final.steer": ("Steering isn't undone: say “stop hiding …” with the word, or "
                         "“what have I asked you to hide?” to see them all.",
                         "Une règle ne s'annule pas : dites « arrête de cacher … » avec le "
                         "mot, ou « qu'est-ce que je t'ai demandé de cacher ? » pour toutes "
                         "les voir."),
    "undo.final.unsteer": ("Taking a rule back isn't undone: just say it again, such as "
                           "“hide posts about …”.",
                           "Retirer une règle ne s'annule pas : redites-la simplement, par "
                           "exemple « cache les messages sur … »."),
    "undo.final.quiet_hours": ("Quiet hours aren't undone: just say the ones you want, or "
                               "“remove my quiet hours”.",
                               "Des heures calmes ne s'annulent pas : dites simplement "
                               "celles que vous voulez, ou « supprime mes heures calmes »."),
    "undo.final.ai_opt_out": ("Your AI choice isn't undone: just say the one you want, like "
                              "“don't use my posts for AI” or “you can use my posts for AI "
                              "again”.",
                              "Votre choix sur l'IA ne s'annule pas : dites simplement celui "
                              "que vous voulez, comme « n'utilise pas mes messages pour l'IA » "
                              "ou « tu peux de nouveau utiliser mes messages pour l'IA »."),
    "undo.final.export_data": ("An export can't be undone: the file is already with you.",
                               "Un export ne s'annule pas : le fichier est déjà chez vous."),
    "undo.final.change_handle": ("A new handle isn't undone, but @{handle} stays reserved for "
                                 "you for 30 days: say “change my handle to {handle}”.",
                                 "Un nouveau pseudo ne s'annule pas, mais @{handle} vous reste "
                                 "réservé 30 jours : dites « change mon pseudo en {handle} »."),
    "undo.final.unlink": ("Unlinking can't be undone: link that platform again with “link”.",
                          "Un détachement ne s'annule pas : reliez de nouveau cette plateforme "
                          "avec « relier »."),
    "undo.final.delete_account": ("A deleted account can't be undone.",
                                  "Un compte supprimé ne se récupère pas."),
    "help.header": ("Here's what I can do. Just say it in your own words:",
                    "Voici ce que je sais faire. Dites-le simplement avec vos mots :"),
    "help.examples": (
        "For example: “post: hello world”, “follow @alice”, “what's new?”, "
        "“find people into jazz”, “send my digest at 8am”.",
        "Par exemple : « publie : bonjour tout le monde », « suis @alice », « quoi de neuf ? », "
        "« trouve des gens qui aiment le jazz », « résumé à 8h ».",
    ),
    "chat.hello": ("Hi {name}! What's up?", "Bonjour {name} ! Quoi de neuf de votre côté ?"),
    "chat.thanks": ("You're welcome!", "Avec plaisir !"),
    "chat.bye": ("See you soon!", "À bientôt !"),
    "chat.unknown": (
        "I'm not sure what you'd like. I can post for you, follow people, show what's new or "
        "find people; say “help” for more.",
        "Je ne suis pas sûr de comprendre. Je peux publier pour vous, suivre des gens, montrer "
        "les nouveautés ou trouver des personnes ; dites « aide » pour en savoir plus.",
    ),
    # the language model
    "llm.unclear": (
        "Sorry, I didn't get that. Try “what's new?”, “follow @alice” or “post: …”, or say "
        "“help”.",
        "Désolé, je n'ai pas compris. Essayez « quoi de neuf ? », « suis @alice » ou "
        "« publie : … », ou dites « aide ».",
    ),
    "llm.down": (
        "(My language model isn't answering right now, so I'm reading you the simple way.)",
        "(Mon modèle de langage ne répond pas pour l'instant, je vous lis de façon plus simple.)",
    ),
    "llm.limit": (
        "(You've written a lot this hour, so I'm reading you the simple way for now.)",
        "(Vous m'avez beaucoup écrit cette heure-ci, je vous lis de façon plus simple pour "
        "l'instant.)",
    ),
    "llm.long": (
        "(That's a long message, so I read it the simple way.)",
        "(C'est un long message, je l'ai lu de façon plus simple.)",
    ),
    # confirmation
    "confirm.post": ("Post this?\n\n{text}", "Publier ceci ?\n\n{text}"),
    "confirm.post_followers": ("Post this to your followers only?\n\n{text}",
                               "Publier ceci pour vos abonnés seulement ?\n\n{text}"),
    "confirm.reply": ("Reply to #{id} with this?\n\n{text}",
                      "Répondre ceci au n°{id} ?\n\n{text}"),
    "confirm.edit_post": ("Change #{id} to this?\n\n{text}",
                          "Remplacer le texte du n°{id} par ceci ?\n\n{text}"),
    "confirm.quote": ("Quote #{id} with this?\n\n{text}", "Citer le n°{id} avec ceci ?\n\n{text}"),
    "confirm.quote_followers": ("Quote #{id} for your followers only, with this?\n\n{text}",
                                "Citer le n°{id} pour vos abonnés seulement, avec ceci ?"
                                "\n\n{text}"),
    "confirm.repost": ("Share #{id} with your followers?", "Partager le n°{id} avec vos abonnés ?"),
    "confirm.delete_post": ("Delete #{id}? This can't be undone.",
                            "Supprimer le n°{id} ? C'est définitif."),
    "confirm.block": ("Block @{handle}?", "Bloquer @{handle} ?"),
    "confirm.report": ("Report #{post} to Plaza's moderators?{why}",
                       "Signaler le n°{post} aux modérateurs de Plaza ?{why}"),
    "confirm.report_person": ("Report @{handle} to Plaza's moderators?{why}",
                              "Signaler @{handle} aux modérateurs de Plaza ?{why}"),
    "confirm.change_handle": (
        "Change your handle to @{new_handle}? Your posts, followers and mentions stay yours, "
        "and your old handle stays reserved for you for 30 days.",
        "Changer votre pseudo en @{new_handle} ? Vos messages, abonnés et mentions restent à "
        "vous, et l'ancien vous reste réservé 30 jours.",
    ),
    "confirm.delete_account": (
        "Delete your account and everything in it, for good? This can't be undone.",
        "Supprimer votre compte et tout son contenu, définitivement ? C'est irréversible.",
    ),
    "confirm.undo": ("Undo what I just did: {what}?",
                     "Annuler ce que je viens de faire : {what} ?"),
    # the offline understanding when it is unsure (bot/understanding/offline.py)
    "confirm.several": ("Do all of this?\n{listed}", "Tout faire ?\n{listed}"),
    "confirm.unsure": ("Did you mean: {what}?", "Vous voulez dire : {what} ?"),
    "chat.ack": ("🙂 Anything I can do for you? Try “what's new?” or say “help”.",
                 "🙂 Je peux faire quelque chose pour vous ? Essayez « quoi de neuf ? » ou "
                 "dites « aide »."),
    "chat.command_words": (
        "That command can {first}, but I couldn't read the rest. Say “help” for examples.",
        "Cette commande permet de {first}, mais je n'ai pas compris la suite. Dites "
        "« aide » pour des exemples."),
    "chat.closest": (
        "I'm not sure what you'd like. The closest I can do: {first}, or {second}. "
        "Say “help” for the rest.",
        "Je ne suis pas sûr de comprendre. Ce qui s'en rapproche le plus : {first}, ou "
        "{second}. Dites « aide » pour le reste.",
    ),
    "ask.handle": ("Who do you mean? Give me their @handle, like “{example}”.",
                   "De qui parlez-vous ? Donnez-moi son @pseudo, par exemple « {example} »."),
    "ask.post": ("Which post? Give me its number, like “{example}”.",
                 "Quel message ? Donnez-moi son numéro, par exemple « {example} »."),
    "ask.text": ("What should it say? For example “post: hello everyone”.",
                 "Que doit-il dire ? Par exemple « publie : bonjour à tous »."),
    "ask.edit": ("Which post, and what should it say now? For example “edit #12: the new "
                 "words” or “fix my last post: the new words”.",
                 "Quel message, et que doit-il dire maintenant ? Par exemple « modifie le n°12 : "
                 "le nouveau texte » ou « corrige mon dernier message : le nouveau texte »."),
    # an edit, quote or reply asked for without its words: the next message is them
    # (bot/conversation/core.py)
    "compose.edit_post": ("What should #{id} say now? Send me the new words.",
                          "Que doit dire le message n°{id} maintenant ? Envoyez-moi le "
                          "nouveau texte."),
    "compose.edit_post_last": ("What should your last post say now? Send me the new words.",
                               "Que doit dire votre dernier message maintenant ? Envoyez-moi "
                               "le nouveau texte."),
    "compose.quote": ("What do you want to say with #{id}? Send me your words.",
                      "Que voulez-vous dire avec le message n°{id} ? Envoyez-moi votre texte."),
    "compose.reply": ("What's your reply to #{id}? Send me your words.",
                      "Que répondez-vous au message n°{id} ? Envoyez-moi votre texte."),
    "language.done": ("OK, I'll speak English with you from now on.",
                      "D'accord, je vous parle en français désormais."),
    "compose.cancelled": ("OK, forget it: nothing was written.",
                          "D'accord, on oublie : rien n'a été écrit."),
    "ask.quote": ("Which post, and what do you want to say with it? For example “quote #12: so "
                  "true”.",
                  "Quel message, et que voulez-vous dire avec ? Par exemple « cite le n°12 : "
                  "tellement vrai »."),
    "ask.new_handle": ("Which handle would you like? For example “change my handle to rooty”.",
                       "Quel pseudo voulez-vous ? Par exemple « change mon pseudo en racine »."),
    "ask.kinds": ("Which notifications? Replies, mentions, quotes, reposts, new followers, "
                  "likes, or posts of people you asked about; for example “stop telling me "
                  "about likes”.",
                  "Quelles notifications ? Réponses, mentions, citations, partages, nouveaux "
                  "abonnés, j'aime, ou messages des personnes demandées ; par exemple « ne me "
                  "préviens plus des j'aime »."),
    "ask.steer": ("Which word or topic? For example “show me less politics this week”, "
                  "“more climbing” or “hide posts with the word spoiler until Sunday”.",
                  "Quel mot ou quel sujet ? Par exemple « montre-moi moins de politique cette "
                  "semaine », « plus d'escalade » ou « cache les messages avec le mot spoiler "
                  "jusqu'à dimanche »."),
    "ask.unsteer": ("Which word or topic? Say “what have I asked you to hide?” to see them.",
                    "Quel mot ou quel sujet ? Dites « qu'est-ce que je t'ai demandé de "
                    "cacher ? » pour les voir."),
    "ask.quiet_hours": ("Which hours? For example “no notifications between 22:00 and 8:00”, "
                        "or “remove my quiet hours”.",
                        "Quelles heures ? Par exemple « pas de notifications entre 22 h et "
                        "8 h », ou « supprime mes heures calmes »."),
    "ask.query": ("What should I search for?", "Que dois-je chercher ?"),
    "ask.report": ("What do you want to report? Give me a post's number or a person's "
                   "@handle, like “{example}”.",
                   "Que voulez-vous signaler ? Donnez-moi le numéro d'un message ou le "
                   "@pseudo d'une personne, comme « {example} »."),
    "ask.platform": ("Which platform: Telegram, Discord or the terminal?",
                     "Quelle plateforme : Telegram, Discord ou le terminal ?"),
    "ask.profile": ("What should I change: your name, your bio or your interests? For example "
                    "“my bio: coffee and cats”.",
                    "Que dois-je changer : votre nom, votre bio ou vos centres d'intérêt ? Par "
                    "exemple « ma bio : café et chats »."),
    "ask.one_at_a_time": ("That's several at once: {what}. Ask me one at a time, please.",
                          "Cela fait plusieurs à la fois : {what}. Une chose à la fois, s'il "
                          "vous plaît."),
    "ask.follow_up": ("Which one do you mean? Tell me the whole request, like “follow @ava”.",
                      "Lequel voulez-vous dire ? Dites-moi toute la demande, comme "
                      "« suis @ava »."),
    # what an action does, in a few words, for "did you mean" and "closest"
    "do.post": ("publish “{text}”", "publier « {text} »"),
    "do.post_": ("publish a post", "publier un message"),
    "do.reply": ("reply to #{post}", "répondre au n°{post}"),
    "do.edit_post": ("edit #{post}", "modifier le n°{post}"),
    "do.edit_post_": ("edit one of your posts", "modifier un de vos messages"),
    "do.quote": ("quote #{post}", "citer le n°{post}"),
    "do.quote_": ("quote a post", "citer un message"),
    "do.reply_": ("reply to a post", "répondre à un message"),
    "do.like": ("like #{post}", "aimer le n°{post}"),
    "do.like_": ("like a post", "aimer un message"),
    "do.unlike": ("take back your like of #{post}", "retirer votre j'aime du n°{post}"),
    "do.unlike_": ("take back a like", "retirer un j'aime"),
    "do.unrepost": ("stop sharing #{post}", "ne plus partager le n°{post}"),
    "do.unrepost_": ("stop sharing a post", "ne plus partager un message"),
    "do.show_post": ("open #{post}", "ouvrir le n°{post}"),
    "do.show_post_": ("open a post", "ouvrir un message"),
    "do.repost": ("share #{post} with your followers", "partager le n°{post} avec vos abonnés"),
    "do.repost_": ("share a post", "partager un message"),
    "do.delete_post": ("delete #{post}", "supprimer le n°{post}"),
    "do.delete_post_": ("delete one of your posts", "supprimer un de vos messages"),
    "do.pin": ("pin #{post} to your profile", "épingler le n°{post} sur votre profil"),
    "do.pin_": ("pin a post to your profile", "épingler un message sur votre profil"),
    "do.unpin_": ("unpin your pinned post", "désépingler votre message épinglé"),
    "do.report": ("report #{post}", "signaler le n°{post}"),
    "do.report_": ("report a post or a person", "signaler un message ou une personne"),
    "do.follow": ("follow @{handle}", "suivre @{handle}"),
    "do.follow_": ("follow someone", "suivre quelqu'un"),
    "do.unfollow": ("unfollow @{handle}", "ne plus suivre @{handle}"),
    "do.unfollow_": ("stop following someone", "ne plus suivre quelqu'un"),
    "do.block": ("block @{handle}", "bloquer @{handle}"),
    "do.block_": ("block someone", "bloquer quelqu'un"),
    "do.unblock": ("unblock @{handle}", "débloquer @{handle}"),
    "do.unblock_": ("unblock someone", "débloquer quelqu'un"),
    "do.mute": ("mute @{handle}", "masquer @{handle}"),
    "do.mute_": ("mute someone", "masquer quelqu'un"),
    "do.unmute": ("unmute @{handle}", "réafficher @{handle}"),
    "do.unmute_": ("unmute someone", "réafficher quelqu'un"),
    "do.subscribe": ("tell you each time @{handle} posts",
                     "vous prévenir chaque fois que @{handle} publie"),
    "do.subscribe_": ("tell you each time someone posts",
                      "vous prévenir chaque fois que quelqu'un publie"),
    "do.unsubscribe": ("stop telling you of @{handle}'s posts",
                       "ne plus vous prévenir des messages de @{handle}"),
    "do.unsubscribe_": ("stop telling you of someone's posts",
                        "ne plus vous prévenir des messages de quelqu'un"),
    "do.notifications_": ("say what you get notified about", "dire de quoi vous êtes prévenu"),
    "do.switch_notifications_": ("turn kinds of notifications off or on",
                                 "couper ou réactiver des types de notifications"),
    "do.switch_notifications_off": ("stop notifying you of {kinds}",
                                    "ne plus vous prévenir des {kinds}"),
    "do.switch_notifications_on": ("notify you of {kinds} again",
                                   "vous prévenir de nouveau des {kinds}"),
    "do.quiet_hours": ("set quiet hours from {start} to {end}",
                       "régler des heures calmes de {start} à {end}"),
    "do.quiet_hours_": ("set or remove quiet hours", "régler ou retirer des heures calmes"),
    "do.explain": ("explain #{post}", "expliquer le n°{post}"),
    "do.explain_": ("explain a post", "expliquer un message"),
    "do.catch_up": ("catch you up on {topic}", "vous résumer ce qui s'est dit sur {topic}"),
    "do.catch_up_": ("catch you up on the last day", "vous résumer la dernière journée"),
    "do.ai_opt_out_": ("keep your posts out of AI, or let them in again",
                       "tenir vos messages à l'écart de l'IA, ou les y autoriser de nouveau"),
    "do.steer": ("change how “{term}” weighs in your feed",
                 "changer la place de « {term} » dans votre fil"),
    "do.steer_": ("hide a word, or see less or more of a topic",
                  "cacher un mot, ou voir moins ou plus d'un sujet"),
    "do.steering_": ("list what you asked to hide, or to see less or more of",
                     "lister ce que vous avez demandé de cacher, ou de voir moins ou plus"),
    "do.unsteer": ("take back what you asked about “{term}”",
                   "retirer ce que vous avez demandé sur « {term} »"),
    "do.unsteer_": ("take back a word or topic you hid", "retirer un mot ou un sujet caché"),
    "do.read_feed": ("show @{author}'s posts", "montrer les messages de @{author}"),
    "do.read_feed_": ("show what's new in your feed", "montrer les nouveautés de votre fil"),
    "do.digest_": ("show today's digest", "afficher le résumé du jour"),
    "do.set_digest_": ("change your daily digest", "changer votre résumé quotidien"),
    "do.link_": ("link your accounts", "relier vos comptes"),
    "do.linked_": ("say where your account is linked", "dire où votre compte est relié"),
    "do.unlink_": ("unlink a platform", "détacher une plateforme"),
    "do.discover": ("find people into {topic}", "trouver des gens qui aiment {topic}"),
    "do.discover_": ("find people to follow", "trouver des gens à suivre"),
    "do.search": ("search posts for “{query}”", "chercher « {query} » dans les messages"),
    "do.search_": ("search posts", "chercher dans les messages"),
    "do.show_profile": ("show @{handle}'s profile", "afficher le profil de @{handle}"),
    "do.show_profile_": ("show your profile", "afficher votre profil"),
    "do.update_profile_": ("change your profile", "modifier votre profil"),
    "do.change_handle": ("change your handle to @{new_handle}",
                         "changer votre pseudo en @{new_handle}"),
    "do.change_handle_": ("change your handle", "changer votre pseudo"),
    "do.followers_": ("list your followers", "lister vos abonnés"),
    "do.following_": ("list who you follow", "lister vos abonnements"),
    "do.trending_": ("show what's trending", "montrer les tendances"),
    "do.mentions_": ("show replies and mentions", "montrer les réponses et mentions"),
    "do.export_data_": ("export your data", "exporter vos données"),
    "do.delete_account_": ("delete your account", "supprimer votre compte"),
    "do.undo_": ("undo what I just did", "annuler ce que je viens de faire"),
    "do.help_": ("say what I can do", "dire ce que je sais faire"),
    "confirm.hint": ("Say yes or no.", "Répondez oui ou non."),
    "confirm.cancelled": ("OK, I won't.", "D'accord, je laisse tomber."),
    "confirm.expired": ("That question has expired. Ask me again if you still want it.",
                        "Cette question a expiré. Redemandez-moi si vous le voulez toujours."),
    "button.keep": ("Keep @{handle}", "Garder @{handle}"),
    "button.yes": ("Confirm", "Confirmer"),
    "button.no": ("Cancel", "Annuler"),
    "button.like": ("♥ #{id}", "♥ n°{id}"),
    "button.reply": ("↩ #{id}", "↩ n°{id}"),
    "button.follow": ("+ @{handle}", "+ @{handle}"),
    "button.more": ("More", "Plus"),
    "button.open": ("Open #{id}", "Ouvrir n°{id}"),
    "notify.reply": ("↩ @{actor} replied to you in #{id}: “{text}”",
                     "↩ @{actor} vous a répondu (n°{id}) : « {text} »"),
    "notify.mention": ("@{actor} mentioned you in #{id}: “{text}”",
                       "@{actor} vous a mentionné (n°{id}) : « {text} »"),
    "notify.quote": ("❝ @{actor} quoted your post in #{id}: “{text}”",
                     "❝ @{actor} a cité votre message (n°{id}) : « {text} »"),
    "notify.post": ("🔔 New from @{actor} (#{id}): “{text}”",
                    "🔔 Nouveau message de @{actor} (n°{id}) : « {text} »"),
    "notify.repost": ("↻ @{actor} reposted your post #{id}.",
                      "↻ @{actor} a repartagé votre message n°{id}."),
    "notify.like": ("♥ @{actor} liked your post #{id}.",
                    "♥ @{actor} a aimé votre message n°{id}."),
    "notify.removed": ("Plaza's moderators removed your post #{id} after people reported it.",
                       "Les modérateurs de Plaza ont retiré votre message n°{id} après des "
                       "signalements."),
    "notify.follow": ("+ @{actor} followed you.", "+ @{actor} s'est abonné à vous."),
    "button.stale": ("That button has expired. Ask me again.",
                     "Ce bouton a expiré. Redemandez-moi."),
    # refusals
    "error.person": ("I don't know anyone called @{handle}.",
                     "Je ne connais personne qui s'appelle @{handle}."),
    "error.person_close_many": ("I don't know anyone called @{handle}. Did you mean {handles}?",
                                "Je ne connais personne qui s'appelle @{handle}. Vouliez-vous "
                                "dire {handles} ?"),
    "error.person_close_or": (" or ", " ou "),
    "confirm.person_close": ("I don't know anyone called @{handle}. Did you mean @{close}?",
                             "Je ne connais personne qui s'appelle @{handle}. Vouliez-vous dire "
                             "@{close} ?"),
    "error.post": ("I can't find post #{id}.", "Je ne trouve pas le message n°{id}."),
    "error.no_posts": ("You haven't posted anything yet.", "Vous n'avez encore rien publié."),
    "error.which_post": ("Which post? Give me its number, like #12.",
                         "Quel message ? Donnez-moi son numéro, par exemple n°12."),
    "error.which_code": ("Send me the code on its own, in a private chat: “link 7KQ-4MX-P2Z”.",
                         "Envoyez-moi le code seul, en privé : « lier 7KQ-4MX-P2Z »."),
    "error.which_person": ("Who do you mean? Give me their @handle.",
                           "De qui parlez-vous ? Donnez-moi son @pseudo."),
    "error.blocked": ("You blocked @{handle}. Unblock them first if you want to.",
                      "Vous avez bloqué @{handle}. Débloquez-le d'abord si vous le souhaitez."),
    "error.blocked_by": ("You can't: @{handle} has blocked you.",
                         "Impossible : @{handle} vous a bloqué."),
    "error.yourself": ("That's you! You can't {verb} yourself.",
                       "C'est vous ! Impossible de vous {verb} vous-même."),
    "error.pin_not_yours": ("You can only pin your own posts, and #{id} isn't yours.",
                            "Vous ne pouvez épingler que vos propres messages, et le n°{id} "
                            "n'est pas à vous."),
    "error.report_yourself": ("You can't report yourself or your own posts.",
                              "Impossible de vous signaler vous-même, ni vos propres messages."),
    "error.suspended": (
        "Your account is suspended, so you can't do that. You can still read, export your "
        "data or delete your account.",
        "Votre compte est suspendu : impossible de faire cela. Vous pouvez encore lire, "
        "exporter vos données ou supprimer votre compte."),
    "error.quiet_hours": ("Quiet hours need a start and an end that differ, such as "
                          "“no notifications between 22:00 and 8:00”.",
                          "Les heures calmes demandent un début et une fin différents, par "
                          "exemple « pas de notifications entre 22 h et 8 h »."),
    "error.account_suspended": ("@{handle}'s account is suspended.",
                                "Le compte de @{handle} est suspendu."),
    "error.identity_suspended": (
        "The Plaza account you had here was suspended, then deleted, so you can't open or "
        "join another one from {platform}.",
        "Le compte Plaza que vous aviez ici a été suspendu, puis supprimé : impossible d'en "
        "ouvrir ou d'en rejoindre un autre depuis {platform}."),
    "error.not_yours": ("#{id} isn't yours, so you can't delete it.",
                        "Le n°{id} n'est pas à vous, vous ne pouvez pas le supprimer."),
    "error.edit_not_yours": ("You can only edit your own posts, and #{id} isn't yours.",
                             "Vous ne pouvez modifier que vos propres messages, et le n°{id} "
                             "n'est pas à vous."),
    "error.repost_no_text": ("#{id} is a repost, with no words of its own to edit.",
                             "Le n°{id} est un partage, sans texte à lui à modifier."),
    "error.unchanged": ("#{id} already says exactly that, so nothing changed.",
                        "Le n°{id} dit déjà exactement cela : rien n'a changé."),
    "error.not_quotable": ("#{id} isn't public, so it can't be quoted.",
                           "Le n°{id} n'est pas public, il ne peut pas être cité."),
    "error.not_public": ("#{id} is for followers only, so it can't be shared.",
                         "Le n°{id} est réservé aux abonnés, il ne peut pas être partagé."),
    "error.already_reposted": ("You already shared #{id}.", "Vous avez déjà partagé le n°{id}."),
    "error.slow_down_rate": (
        "You're posting very fast. Wait {wait}, then send it again; {undone}",
        "Vous publiez très vite. Attendez {wait} puis renvoyez-le ; {undone}"),
    "error.slow_down_repeat": (
        "You've posted these exact words several times already. Try again in {wait}, or "
        "change them; {undone}",
        "Vous avez déjà publié ces mots plusieurs fois. Réessayez dans {wait}, ou "
        "changez-les ; {undone}"),
    "error.slow_down_mentions": (
        "You've mentioned a lot of people in the last few minutes. Wait {wait} before "
        "mentioning more; {undone}",
        "Vous avez mentionné beaucoup de monde ces dernières minutes. Attendez {wait} "
        "avant d'en mentionner d'autres ; {undone}"),
    "error.slow_down_export": (
        "You've just exported your data: you can export it again in {wait}.",
        "Vous venez d'exporter vos données : vous pourrez recommencer dans {wait}."),
    "error.too_many_mentions": (
        "A post can mention at most {limit} people; {undone}",
        "Un message peut mentionner au plus {limit} personnes ; {undone}"),
    # what a flood refusal (storage/flood.py) left undone, by what was refused
    "error.not_done.post": ("it wasn't posted.", "le message n'a pas été publié."),
    "error.not_done.reply": ("your reply wasn't sent.", "votre réponse n'a pas été envoyée."),
    "error.not_done.quote": ("your quote wasn't posted.",
                             "votre citation n'a pas été publiée."),
    "error.not_done.edit": ("the post wasn't changed: it still says what it said.",
                            "le message n'a pas été modifié : il dit toujours la même chose."),
    "error.not_reposted": ("You haven't shared #{id}, so there's no repost to take back.",
                           "Vous n'avez pas partagé le n°{id} : il n'y a pas de partage à "
                           "retirer."),
    "error.empty": ("There's nothing to post. What should it say?",
                    "Il n'y a rien à publier. Que voulez-vous dire ?"),
    "error.too_long": ("That's {length} characters; the {field} can have at most {limit}.",
                       "Cela fait {length} caractères ; {field} en accepte {limit} au plus."),
    "error.too_long_folded": (
        "“{value}” is {length} characters as Plaza stores it for search (ß as ss, ﬁ as fi); "
        "the {field} can have at most {limit}.",
        "« {value} » fait {length} caractères tel que Plaza l'enregistre pour la recherche "
        "(ß en ss, ﬁ en fi) ; {field} en accepte {limit} au plus."),
    "error.too_many": ("That's too many interests; keep it to {limit}.",
                       "Trop de centres d'intérêt ; gardez-en {limit} au plus."),
    "error.timezone": (
        "I don't know the time zone “{value}”. Try a city, like “Europe/Paris” or "
        "“America/New_York”.",
        "Je ne connais pas le fuseau « {value} ». Essayez une ville, comme « Europe/Paris » ou "
        "« America/Montreal ».",
    ),
    "error.language": ("I only speak English and French for now.",
                       "Je ne parle que français et anglais pour l'instant."),
    "error.code_wrong": ("That code doesn't match any I gave out. Check it, or ask for a new "
                         "one with “link” where you use Plaza already. Tries left this hour: "
                         "{left}.",
                         "Ce code ne correspond à aucun de ceux que j'ai donnés. Vérifiez-le, ou "
                         "demandez-en un nouveau avec « lier » là où vous utilisez déjà Plaza. "
                         "Essais restants cette heure-ci : {left}."),
    "error.code_expired": ("That code has expired (codes last 10 minutes, and only the newest "
                           "works). Ask for a new one with “link” on {platform}.",
                           "Ce code a expiré (un code dure 10 minutes, et seul le dernier "
                           "marche). Demandez-en un nouveau avec « lier » sur {platform}."),
    "error.code_used": ("That code was already used, or cancelled. Ask for a new one with "
                        "“link”.",
                        "Ce code a déjà servi, ou a été annulé. Demandez-en un nouveau avec "
                        "« lier »."),
    "error.code_yours": ("This account is @{handle} already. Type the code from the account "
                         "you want to link: it still works there.",
                         "Ce compte est déjà @{handle}. Tapez le code depuis le compte à "
                         "relier : il y marche toujours."),
    "error.code_wrong_last": ("That code doesn't match any I gave out, and that was the last "
                              "try for now: wait an hour before the next.",
                              "Ce code ne correspond à aucun de ceux que j'ai donnés, et c'était "
                              "le dernier essai pour l'instant : attendez une heure avant le "
                              "suivant."),
    "error.code_in_group": ("Others can read this chat, so that code no longer works. Ask for "
                            "a new one with “link”, and send it to me in a private chat.",
                            "D'autres lisent ce chat, donc ce code ne marche plus. Demandez-en "
                            "un nouveau avec « lier », et envoyez-le-moi en privé."),
    "error.tries_paused": ("Too many wrong codes: try again after {until}.",
                           "Trop de codes erronés : réessayez après {until}."),
    "error.last_identity": ("I can reach your account only on {platform}, so I can't unlink "
                            "it. To leave Plaza, say “delete my account”.",
                            "Je ne peux joindre votre compte que sur {platform} : je ne peux "
                            "pas l'en détacher. Pour quitter Plaza, dites « supprime mon "
                            "compte »."),
    "error.unlink_older": ("Your account there was linked before this one, so it can only be "
                           "unlinked from {platform}: say “unlink” there.",
                           "Votre compte là-bas a été relié avant celui-ci : il ne peut être "
                           "détaché que depuis {platform}. Dites « délier » là-bas."),
    "confirm.unlink": ("Unlink {platform} from your account? Writing to me there would then "
                       "start a new account.",
                       "Détacher {platform} de votre compte ? M'y écrire créerait alors un "
                       "nouveau compte."),
    "error.not_linked": ("No {platform} account is linked to yours. Say “where am I linked?” to "
                         "see which are.",
                         "Aucun compte {platform} n'est relié au vôtre. Dites « où suis-je "
                         "relié ? » pour voir lesquels."),
    "error.merge_changed": ("One of the two accounts changed meanwhile (merged or deleted), so "
                            "nothing was done. Ask for a new code with “link” to try again.",
                            "L'un des deux comptes a changé entre-temps (fusionné ou supprimé), "
                            "donc rien n'a été fait. Demandez un nouveau code avec « lier » "
                            "pour recommencer."),
    "error.private": ("Let's do that in a private chat with me.",
                      "Faisons cela en message privé."),
    "error.crash": ("Sorry, something went wrong on my side. Please try again in a moment.",
                    "Désolé, quelque chose a mal tourné de mon côté. Réessayez dans un instant."),
    # a platform's command menu, for the commands that are no single action
    "menu.start": ("Start, or see what Plaza can do", "Commencer, ou voir ce que Plaza sait faire"),
    "menu.settings": ("Your profile and digest settings", "Votre profil et vos réglages de résumé"),
    "menu.link": ("Link Telegram, Discord and the terminal into one account",
                  "Relier Telegram, Discord et le terminal en un seul compte"),
    # A slash command's argument (bot/menu.py): its name in each language ("en|fr", lower
    # case, no spaces: Discord's rule for option names), then what it is.
    "option.text": ("text|texte", "text|texte"),
    "option.text.about": ("What to post", "Ce que vous publiez"),
    "option.author": ("author|auteur", "author|auteur"),
    "option.author.about": ("Only this person's posts", "Seulement les messages de cette personne"),
    "option.when": ("when|quand", "when|quand"),
    "option.when.about": ("To change when it comes: a time like 8am, a time zone, on or off",
                          "Pour changer quand il arrive : une heure comme 8h, un fuseau, "
                          "on ou off"),
    "option.topic": ("topic|sujet", "topic|sujet"),
    "option.topic.about": ("People into this topic", "Des gens que ce sujet intéresse"),
    "option.query": ("query|recherche", "query|recherche"),
    "option.query.about": ("Words, a #hashtag or a name", "Des mots, un #hashtag ou un nom"),
    "option.handle": ("handle|pseudo", "handle|pseudo"),
    "option.handle.about": ("Whose profile (yours if empty)",
                            "Le profil de qui (le vôtre si vide)"),
    "option.kinds": ("kinds|types", "kinds|types"),
    "option.kinds.about": ("To switch kinds: “likes reposts off”, “mentions on”",
                           "Pour couper ou réactiver : « likes reposts off », « mentions on »"),
    "option.person": ("person|personne", "person|personne"),
    "option.person.about": ("Whose every post to hear about", "La personne dont chaque "
                            "message vous sera signalé"),
    "option.hours": ("hours|heures", "hours|heures"),
    "option.hours.about": ("Quiet hours, like 22:00-07:00; “off” for none",
                           "Heures calmes, comme 22:00-07:00 ; « off » pour aucune"),
    "option.words": ("words|mots", "words|mots"),
    "option.words.about": ("A word or topic to hide, like spoiler until sunday",
                           "Un mot ou un sujet à cacher, comme spoiler jusqu'à dimanche"),
    "option.code": ("code|code", "code|code"),
    "option.code.about": ("The code from your other platform (empty: get one)",
                          "Le code de votre autre plateforme (vide : en obtenir un)"),
    "option.explained": ("post|message", "post|message"),
    "option.explained.about": ("The number of the post to explain",
                               "Le numéro du message à expliquer"),
    "option.caught": ("topic|sujet", "topic|sujet"),
    "option.caught.about": ("A #hashtag or a few words (everything if empty)",
                            "Un #hashtag ou quelques mots (tout si vide)"),
    "option.post": ("post|message", "post|message"),
    "option.post.about": ("A post's number to delete (your account if empty)",
                          "Le numéro d'un message à supprimer (votre compte si vide)"),
    # words used inside other phrases
    "verb.follow": ("follow", "suivre"),
    "verb.merge": ("merge with", "fusionner avec"),
    "verb.unfollow": ("unfollow", "désabonner de"),
    "verb.block": ("block", "bloquer"),
    "verb.unblock": ("unblock", "débloquer"),
    "verb.mute": ("mute", "masquer"),
    "verb.unmute": ("unmute", "réafficher"),
    "verb.subscribe": ("get notified about", "abonner aux alertes de"),
    "field.text": ("post", "un message"),
    "field.name": ("name", "le nom"),
    "field.display_name": ("name", "le nom"),
    "field.bio": ("bio", "la bio"),
    "field.reason": ("reason", "la raison"),
    "field.interests": ("interest", "un centre d'intérêt"),
    "field.handle": ("handle", "le pseudo"),
    "field.hashtag": ("hashtag", "un hashtag"),
    # times
    "ago.now": ("just now", "à l'instant"),
    "ago.minutes": ("{n} min ago", "il y a {n} min"),
    "ago.hours": ("{n} h ago", "il y a {n} h"),
    "ago.yesterday": ("yesterday", "hier"),
    "post.reposted": ("reposted", "a partagé"),
    "post.reply_to": ("reply to #{id}", "réponse au n°{id}"),
    "post.followers_only": ("followers only", "abonnés seulement"),
    "profile.counts": ("{followers} · {following} · {posts}",  # each one counted: count.*
                       "{followers} · {following} · {posts}"),
    "profile.interests": ("Into: {interests}", "Aime : {interests}"),
    "people.followed_by": ("followed by {handles}", "suivi par {handles}"),
    "people.shares": ("also into {interests}", "aime aussi {interests}"),
    # group chats: a private matter was answered in the person's private chat
    # (bot.conversation.privacy);
    # the line is the same whatever happened there
    "private.sent": ("I've answered you in our private chat.",
                     "Je vous ai répondu en message privé."),
    "private.closed": ("I couldn't write to you privately: your private messages seem closed "
                       "to me. Open them, or write to me there first, and ask again.",
                       "Je n'ai pas pu vous écrire en privé : vos messages privés me semblent "
                       "fermés. Ouvrez-les, ou écrivez-moi d'abord là-bas, et redemandez-moi."),
}


# Each language's forms, in the order of its rule's indices. English may leave the
# number out of its first form ("a new follower"), which is for exactly 1; French
# may not, since its first form is for 0 and 1 alike.
# How a sentence names each platform (storage.models.Platform), in English and French.
PLATFORM_NAMES: dict[str, tuple[str, str]] = {
    "telegram": ("Telegram", "Telegram"),
    "discord": ("Discord", "Discord"),
    "console": ("the terminal", "le terminal"),
}

def platform_name(platform: str, language: str) -> str:
    """ "Discord", "the terminal" / "le terminal": how a sentence names a platform."""
    english, french = PLATFORM_NAMES.get(platform, (platform, platform))
    return french if language == "fr" else english


def platform_names(platforms: Sequence[str], language: str, *, either: bool = False) -> str:
    """Several platforms in a sentence: "Telegram and Discord", "Telegram, Discord and the
    terminal"; with `either`, "Telegram or the terminal" ("ou" in French)."""
    names = [platform_name(platform, language) for platform in platforms]
    if len(names) < 2:
        return "".join(names)
    word = ("ou" if language == "fr" else "or") if either else (
        "et" if language == "fr" else "and")
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "count.followers": (("{n} follower", "{n} followers"), ("{n} abonné", "{n} abonnés")),
    "count.following": (("{n} following", "{n} following"),
                        ("{n} abonnement", "{n} abonnements")),
    "count.posts": (("{n} post", "{n} posts"), ("{n} message", "{n} messages")),
    "count.likes": (("{n} like", "{n} likes"), ("{n} j'aime", "{n} j'aime")),
    "show_post.liked_by_more": (("♥ {handles} and {n} more", "♥ {handles} and {n} more"),
                                ("♥ {handles} et {n} autre", "♥ {handles} et {n} autres")),
    "show_post.reposted_by_more": (("↻ {handles} and {n} more", "↻ {handles} and {n} more"),
                                   ("↻ {handles} et {n} autre", "↻ {handles} et {n} autres")),
    "notify.likes": (("@{actor} and {n} other person liked your post #{id}.",
                      "@{actor} and {n} other people liked your post #{id}."),
                     ("@{actor} et {n} autre personne ont aimé votre message n°{id}.",
                      "@{actor} et {n} autres personnes ont aimé votre message n°{id}.")),
    "notify.several": (("🔔 {n} notification:", "🔔 {n} notifications:"),
                       ("🔔 {n} notification :", "🔔 {n} notifications :")),
    "wait.seconds": (("{n} s", "{n} s"), ("{n} s", "{n} s")),
    "wait.minutes": (("{n} min", "{n} min"), ("{n} min", "{n} min")),
    "wait.hours": (("{n} hour", "{n} hours"), ("{n} heure", "{n} heures")),
    "count.quotes": (("{n} quote", "{n} quotes"), ("{n} citation", "{n} citations")),
    "count.reposts": (("{n} repost", "{n} reposts"), ("{n} partage", "{n} partages")),
    "count.replies": (("{n} reply", "{n} replies"), ("{n} réponse", "{n} réponses")),
    "linked.accounts": (("{platform} ({n} account)", "{platform} ({n} accounts)"),
                        ("{platform} ({n} compte)", "{platform} ({n} comptes)")),
    # follows either way: following someone, or being followed
    "count.follows": (("{n} follow", "{n} follows"),
                      ("{n} lien d'abonnement", "{n} liens d'abonnement")),
    "count.people": (("{n} person", "{n} people"), ("{n} personne", "{n} personnes")),
    "ago.days": (("{n} day ago", "{n} days ago"), ("il y a {n} jour", "il y a {n} jours")),
    "digest.new_followers": (("New follower: {handles}", "New followers: {handles}"),
                             ("Nouvel abonné : {handles}", "Nouveaux abonnés : {handles}")),
    "digest.new_followers_more": (
        ("New followers: {handles} and {n} more", "New followers: {handles} and {n} more"),
        ("Nouveaux abonnés : {handles} et {n} autre", "Nouveaux abonnés : {handles} et {n} autres"),
    ),
    "digest.lead_followers": (
        ("You have a new follower: {handles}.", "You have {n} new followers: {handles}."),
        ("Vous avez {n} nouvel abonné : {handles}.", "Vous avez {n} nouveaux abonnés : {handles}."),
    ),
    "digest.also_posts_by": (
        ("one more post by @{author}", "{n} more posts by @{author}"),
        ("{n} autre message de @{author}", "{n} autres messages de @{author}"),
    ),
    "digest.also_posts": (  # {people} is itself counted: count.people
        ("one more post by {people}", "{n} more posts by {people}"),
        ("{n} autre message de {people}", "{n} autres messages de {people}"),
    ),
    "digest.also_mentions": (
        ("a reply or mention for you", "{n} replies and mentions for you"),
        ("{n} réponse ou mention pour vous", "{n} réponses et mentions pour vous"),
    ),
    "digest.also_followers": (("a new follower", "{n} new followers"),
                              ("{n} nouvel abonné", "{n} nouveaux abonnés")),
}


def kind_names(kinds: Sequence[object], language: str) -> str:
    """Kinds of notification in a sentence, in the order given: "likes and reposts",
    "réponses, mentions et citations". Each kind is a NotificationKind or its value."""
    names = [say(f"kind.{kind}", language) for kind in kinds]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + say("kind.and", language) + names[-1]


def plural(n: int, forms: Sequence[str], language: str = "en", **fields: object) -> str:
    """The form of `forms` that `language`'s rule picks for the count `n`, filled in.

    `forms` are in the rule's order (for English and French: one, other); `n`
    fills `{n}` and `fields` the rest. An unknown language counts as English.
    """
    rule = PLURAL_RULES.get(language, PLURAL_RULES["en"])
    return forms[rule(n)].format(n=n, **fields)


def say(key: str, language: str, **fields: object) -> str:
    """The phrase `key` in `language` (English when unknown), its fields filled in.

    A counted phrase (a key of `PLURALS`) takes its count as the field `n`.
    """
    if key in PLURALS:
        en_forms, fr_forms = PLURALS[key]
        n = fields.pop("n")
        if not isinstance(n, int):
            raise TypeError(f"{key} counts with an int n, not {n!r}")
        if language == "fr":
            return plural(n, fr_forms, "fr", **fields)
        return plural(n, en_forms, "en", **fields)
    en, fr = PHRASES[key]
    return (fr if language == "fr" else en).format(**fields)
