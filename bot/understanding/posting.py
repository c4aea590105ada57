"""Rules for what publishes or touches a post: post, reply, edit_post, quote, like, unlike,
repost, unrepost, delete_post, and opening one (show_post).

The post and reply texts are cut from the original message, so they keep their
case, accents, emoji and punctuation; only the command words around them go.
"post: ..." and "reply to #12: ..." (a verb, then a colon) are command forms:
`explicit`, published without a preview. "post hello" without the colon is
read too, but not `sure`: "post office closes at 5" reads the same way, and the
preview (or a model) is there to catch it.
"""

from __future__ import annotations

from bot.understanding.grammar import Rule, define, rules

define(
    AUD=r"(?: (?:(?P<aud>(?:only )?(?:to|for|with) (?:my )?followers(?: only)?|followers only)"
    r"|(?:to|for|with) everyone|publicly|in public))",
    AUDFR=r"(?: (?:(?P<aud>(?:seulement |uniquement )?(?:pour|a|avec) (?:mes|les) abonnes"
    r"(?: seulement| uniquement)?)|pour tout le monde|a tout le monde|publiquement|en public))",
    # Not something to publish on its own: "post something", "post it", "post 12".
    VAGUE=r"(?!(?:something|anything|a post|a message|quelque chose|un message|un post|it|"
    r"this|that|ca|ceci|(?:number |numero |no\.? |n° ?)?#?\d+)\W*$)",
    SEP=r"(?:\s*(?P<colon>:)\s*|\s*[,-]\s*|\s+(?:saying|with|that|and say|en disant|pour dire|"
    r"avec|que)\s+|\s+qu'|\s+)",
    # Between an edited post and its new words: a colon, or "to say", "pour dire", "par".
    EDSEP=r"(?:\s*(?P<colon>:)\s*|\s+(?:to say|to read|so it says|so it reads|to|into|"
    r"pour dire|pour mettre|par|en)\s+|\s*[,?]?\s*(?:it should (?:say|read|be)|make it "
    r"(?:say|read)|(?:et )?(?:mets|met|ecris)(?: plutot)?)\s*:?\s*)",
    # Between a quoted post and the words above it; other wordings go to the classifier.
    QSEP=r"(?:\s*(?P<colon>:)\s*|\s+(?:saying|and say|and add|with|en disant|et (?:dis|ajoute)|"
    r"avec)\s*:?\s+)",
)

POSTING: list[Rule] = [
    # post: explicit command forms, then "tell everyone ...", then the bare verb.
    *rules("post", "en",
           r"(?:post|publish|tweet|toot|share|announce|new post|write a post|send a post)"
           r"(?: this| that| the following)?<AUD>?<PLZ>\s*(?P<colon>:)\s*<TEXT>",
           r"(?P<aud>(?:only )?(?:for|to) (?:my )?followers(?: only)?|followers only)"
           r"\s*(?P<colon>:)\s*<TEXT>",
           r"(?:tell|let|inform) (?:everyone|everybody|the world|all|the whole world|"
           r"(?P<aud>(?:all )?my followers))(?: know)?(?: that)?\s*[:,]?\s*(?!to )<TEXT>",
           r"announce(?: to everyone)?(?: that)? <TEXT>",
           whole=True),
    *rules("post", "fr",
           r"(?:publie|publier|publiez|poste|poster|postez|partage|partager|annonce|nouveau "
           r"message|nouveau post|nouvelle publication|tweete)(?: ca| ceci| cela| ce message)?"
           r"<AUDFR>?<PLZ>\s*(?P<colon>:)\s*<TEXT>",
           r"(?P<aud>(?:seulement |uniquement )?(?:pour|a) (?:mes|les) abonnes(?: seulement|"
           r" uniquement)?)\s*(?P<colon>:)\s*<TEXT>",
           r"(?:dis|dites|annonce|annoncez|fais savoir|faites savoir|previens|previenez|"
           r"informe) (?:a )?(?:tout le monde|(?P<aud>(?:tous )?mes abonnes))"
           r"(?:\s+que\s+|\s+qu'|\s*:\s*)<TEXT>",
           whole=True),
    *rules("post", "en", r"(?:post|publish|tweet)<AUD>? <VAGUE><TEXT>", whole=True, sure=False),
    *rules("post", "fr", r"(?:publie|poste|publier|poster)<AUDFR>? <VAGUE><TEXT>",
           whole=True, sure=False),
    # reply
    *rules("reply", "en",
           r"(?:reply|respond|answer|comment)(?: to| on)? (?:<REF>|(?P<it_p>him|her|them))"
           r"<SEP><TEXT>",
           whole=True),
    *rules("reply", "fr",
           r"(?:reponds|repondre|repondez|reponse|commente|commenter|commentez)(?: a)? <REF>"
           r"<SEP><TEXT>",
           r"(?:reponds|repondez|repondre)~(?P<it_c>lui|leur)<SEP><TEXT>",
           whole=True),
    # edit_post: "edit #12: ...", "fix my last post: ...", "change #12 to say ..."
    *rules("edit_post", "en",
           r"(?:oops,? |oh,? )?(?:edit|fix|correct|change|update|modify|rewrite|reword)"
           r"(?: (?:the )?typo in)? (?:<NUM>|<LAST>|(?P<last_o>the last one))<PLZ><EDSEP><TEXT>",
           whole=True),
    *rules("edit_post", "fr",
           r"(?:oups,? )?(?:modifie|modifier|modifiez|corrige|corriger|corrigez|edite|editer|"
           r"change|changer)(?: le texte d[ue])? (?:<NUM>|<LAST>)<PLZ><EDSEP><TEXT>",
           r"remplace le texte (?:du|de) (?:<NUM>|<LAST>) par <TEXT>",
           whole=True),
    # quote: "quote #12: ...", "cite le n°12 : ..."
    # (a quote that says who may read it anywhere is read by the classifier and
    # slots.quote's reader, which find those words wherever they are)
    *rules("quote", "en",
           r"(?!.*(?:followers|privately))(?:quote|quote-post|quote tweet|qt)(?: post)? "
           r"(?:<NUM>|<THAT>)<QSEP><TEXT>",
           whole=True),
    *rules("quote", "fr",
           r"(?!.*(?:abonnes|abos|followers|en prive))(?:cite|citer|citez)"
           r"(?: le message| le post)? (?:<NUM>|<THAT>)<QSEP><TEXT>",
           whole=True),
    # like
    *rules("like", None, r"(?:like|\u2764\ufe0f?|\U0001f44d) <REF>"),
    *rules("like", "en", r"(?:heart|fav|favorite|favourite|upvote|star) <REF>"),
    *rules("like", "fr", r"(?:aime|aimer|j'aime|liker|like) <REF>", r"(?:aime|like)<CL>",
           r"(?:mets|mettez|met) un (?:like|j'aime|coeur)(?: sur| a)? <REF>"),
    # unlike: the verbs of X, Mastodon and Bluesky with "un"
    *rules("unlike", None, r"(?:unlike|un-like|unheart|unfav|unfave|unfavorite|unfavourite|"
           r"unstar) <REF>"),
    *rules("unlike", "en", r"(?:remove|take back|undo|withdraw|cancel|delete) (?:my|the) "
           r"(?:like|heart|fav)"
           r"(?: on| from| of)? <REF>"),
    *rules("unlike", "fr", r"(?:deliker|delike|de-like) <REF>", r"(?:je )?n'aime plus <REF>",
           r"(?:retire|retirer|enleve|enlever|annule|annuler) (?:mon|le) (?:like|j'aime|coeur)"
           r"(?: du| sur le| sur| de)? <REF>"),
    # repost
    *rules("repost", None, r"(?:repost|re-post|boost|rt) <REF>"),
    *rules("repost", "en", r"(?:reshare|re-share|share|retweet|amplify) <REF>"),
    *rules("repost", "fr",
           r"(?:repartage|repartager|partage|partager|reposte|reposter|republie|republier|"
           r"relaie|relayer|retweete) <REF>",
           r"(?:repartage|partage|reposte|republie|relaie)<CL>"),
    # unrepost
    *rules("unrepost", None, r"(?:unrepost|un-repost|unboost|un-boost|unrt|un-rt|unretweet|"
           r"un-retweet|unreblog) <REF>"),
    *rules("unrepost", "en", r"(?:unshare|un-share) <REF>",
           r"(?:remove|take back|undo|withdraw|cancel|delete) (?:my|the) "
           r"(?:repost|retweet|boost|reshare|share)"
           r"(?: of| on)? <REF>"),
    *rules("unrepost", "fr", r"(?:dereposte|dereposter|unreposte) <REF>",
           r"(?:retire|retirer|enleve|enlever|annule|annuler) (?:mon|le) (?:partage|repost)"
           r"(?: du| de)? <REF>",
           r"ne (?:partage|repartage|reposte) plus <REF>"),
    # show_post: a post's number alone ("#46", "n°46"), or asked to be shown
    *rules("show_post", None, r"(?:#|n°|no\.?)\s*(?P<n>\d{1,30})\s*\??"),
    *rules("show_post", "en", r"(?:show|open|view|display|pull up|bring up|see)(?: me)? <NUM>",
           r"(?:what's|whats|what is) (?:in |on )?<NUM>",
           r"who (?:liked|hearted|faved|favorited|reposted|shared|boosted|retweeted) <REF>\??",
           r"open <THAT>"),
    *rules("show_post", "fr",
           r"(?:montre|montrez|affiche|affichez|ouvre|ouvrez|voir|vois|fais voir)(?:~moi)? <NUM>",
           r"(?:je veux|j'aimerais|je voudrais) voir <NUM>", r"c'est quoi <NUM>",
           r"(?:qui|ki) a (?:aime|aimer|like|liker|partage|repartage|reposte) <NUM>\s*\??"),
    # delete_post
    *rules("delete_post", "en",
           r"(?:delete|remove|erase|take down|unpost|trash|get rid of) <REF>",
           r"undo <LAST>"),
    *rules("delete_post", "fr",
           r"(?:supprime|supprimer|supprimez|efface|effacer|effacez|retire|retirer|enleve|"
           r"enlever|vire) <REF>",
           r"(?:supprime|efface|retire|enleve|vire)<CL>",
           r"annule <LAST>"),
]
