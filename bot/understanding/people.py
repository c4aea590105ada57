"""Rules about people: the social graph, profiles, and finding whom to follow.

A bare word after a verb ("unfollow bob") is taken as a handle unless it is a
common word ("follow up", "follow me"); where a sentence reads as well without
a handle ("who is online", French "je suis alice" = "I am Alice"), an @ is
required. Pronouns ("her", "him", "-la", "lui") become "it": the person the
conversation just talked about.
"""

from __future__ import annotations

from bot.understanding.grammar import Rule, define, rules

define(
    PRON=r"(?P<it>he|she|they|this person|that person|this user|that user|this guy|"
    r"that guy|this girl|that girl)",
    QUAL=r"(?:into|about|on|for|in|interested in|passionate about|fans? of|keen on|"
    r"(?:who|that) (?:are |is )?(?:like|likes|love|loves|enjoy|enjoys|into|do|does|"
    r"interested in|post about|posts about|talk about|talks about|write about|writes about|"
    r"share|care about))",
    QUALFR=r"(?:qui (?:aiment|adorent|font|parlent|s'interessent|postent sur|publient sur|"
    r"ecrivent sur|sont (?:fans?|passionnes?|dans|interesses? par)|aime|adore|fait|parle|"
    r"s'interesse)|interesse(?:e|s|es)? par|passionne(?:e|s|es)? (?:de|par)|fans? de|sur|"
    r"autour|en|pour)",
    PEOPLE=r"(?:people|folks|accounts|users|friends|profiles|persons|someone|peeps)",
    GENS=r"(?:gens|personnes|comptes|profils|amis|utilisateurs|quelqu'un)",
)

PEOPLE: list[Rule] = [
    # follow
    *rules("follow", "en",
           r"(?:follow|subscribe to|sub to|start following|follow back) <WHO><TOO>",
           r"add <AT><TOO>"),
    *rules("follow", "fr",
           r"(?:suivre|suivez|abonne~moi a|abonnez~moi a|je m'abonne a|m'abonner a|"
           r"s'abonner a|abonne~toi a|je vais suivre) <QUI><TOO>",
           r"(?:suis|je suis) <AT><TOO>",
           r"(?:suis|suivez)<CL><TOO>"),
    # unfollow
    *rules("unfollow", "en",
           r"(?:unfollow|stop following|unsubscribe from|unsub from|unsub|quit following|"
           r"don't follow|no longer follow) <WHO><TOO>(?: anymore| any more)?",
           r"i (?:don't|do not|no longer) want to follow <WHO>(?: anymore| any more)?"),
    *rules("unfollow", "fr",
           r"(?:ne (?:plus|pas) suivre|arrete de suivre|arretez de suivre|je ne veux plus "
           r"suivre|plus suivre|ne suis plus|je ne suis plus) <QUI><TOO>",
           r"(?:desabonne~moi|desabonnez~moi|me desabonner|se desabonner|je me desabonne)"
           r"(?: de |\s*d')<QUI><TOO>",
           r"(?:arrete|arretez) de (?P<it_c>le|la|les) suivre"),
    # block / unblock
    *rules("block", "en", r"(?:block|ban|blacklist) <WHO><TOO>"),
    *rules("block", "fr",
           r"(?:bloque|bloquer|bloquez|je bloque|bannis|bannir) <QUI><TOO>",
           r"(?:bloque|bloquez|bannis)<CL><TOO>"),
    *rules("unblock", "en", r"(?:unblock|unban|stop blocking) <WHO><TOO>"),
    *rules("unblock", "fr",
           r"(?:debloque|debloquer|debloquez|arrete de bloquer|ne plus bloquer) <QUI><TOO>",
           r"(?:debloque|debloquez)<CL><TOO>"),
    # mute / unmute
    *rules("mute", None, r"mute <WHO><TOO>(?: for now| for a while)?"),
    *rules("mute", "en",
           r"(?:silence|snooze|hide) <WHO><TOO>(?: for now| for a while)?",
           r"(?:hide|mute) <H>'s? posts"),
    *rules("mute", "fr",
           r"(?:masque|masquer|masquez|mets en sourdine|mettre en sourdine|coupe le son de) "
           r"<QUI><TOO>",
           r"(?:mets|mettez) <QUI> en sourdine", r"(?:mets|mettez)<CL> en sourdine",
           r"(?:masque|masquez)<CL><TOO>",
           r"(?:masque|masquer|cache|cacher) les (?:messages|posts|publications)"
           r"(?: de |\s*d')<QUI>"),
    *rules("unmute", None, r"unmute <WHO><TOO>"),
    *rules("unmute", "en", r"(?:unhide|unsnooze|unsilence|stop muting|stop hiding) <WHO><TOO>"),
    *rules("unmute", "fr",
           r"(?:demasque|demasquer|demasquez|reaffiche|reafficher|ne masque plus|ne plus "
           r"masquer|arrete de masquer|enleve la sourdine (?:de|pour|a)|retire la sourdine "
           r"(?:de|pour|a)) <QUI><TOO>",
           r"(?:demasque|reaffiche)<CL><TOO>"),
    # show_profile
    *rules("show_profile", "en",
           r"(?:my )?profile(?: page)?", r"who am i", r"(?:what does )?my profile look like",
           r"<H>'s? profile", r"(?P<it>his|her|their) profile", r"profile (?:of |for )?<WHO>",
           r"(?:who(?:'s| is|s)|about|look up|lookup|info on|details on|more about) "
           r"(?:<AT>|<PRON>)"),
    *rules("show_profile", "fr",
           r"(?:mon |ma )?(?:profil|fiche)", r"qui suis~je",
           r"(?:qui est|c'est qui|qui c'est) (?:<AT>|(?P<it>cette personne|il|elle))",
           r"(?:le )?profil(?: de |\s*d')<QUI>", r"(?P<it>son|leur) profil",
           r"(?:parle~moi|parlez~moi)(?: de |\s*d')<AT>",
           r"(?:infos?|details|plus d'infos?) sur <AT>"),
    *rules("show_profile", None, r"<AT>", sure=False),
    # followers / following
    *rules("followers", "en",
           r"who(?:'s| is| are)? (?:follows|following|follow) me<HERE>", r"(?:my )?followers",
           r"(?:how many|list(?: of)?|all(?: of)?|see) (?:my )?followers(?: do i have)?",
           r"(?:the )?people (?:who|that) follow me", r"who(?:'s| is) subscribed to me"),
    *rules("followers", "fr",
           r"qui me suit<HERE>", r"qui (?:sont )?(?:mes abonnes|mes followers)",
           r"(?:mes )?abonnes",
           r"(?:mes )?followers", r"(?:combien|la liste)(?: d'| de mes | des )abonnes"
           r"(?: (?:ai~je|j'ai|est-ce que j'ai))?",
           r"qui (?:est|s'est) abonne a moi", r"(?:les )?(?:gens|personnes) qui me suivent"),
    *rules("following", "en",
           r"who (?:do|did) i follow<HERE>", r"who am i following<HERE>", r"who i follow",
           r"(?:the )?(?:people|accounts|everyone|users|folks) (?:that |who )?i(?:'m| am)? "
           r"(?:follow|following)",
           r"my (?:following|follows|subscriptions)", r"following",
           r"(?:list|how many) (?:of )?(?:people |accounts )?(?:do )?i follow"),
    *rules("following", "fr",
           r"(?:mes )?abonnements", r"qui est~ce que je suis",
           r"(?:la liste (?:des|de mes) |les |des )?(?:gens|personnes|comptes) (?:que je suis|"
           r"auxquels je suis abonne)",
           r"a qui (?:je suis|suis~je) abonne"),
    *rules("following", "fr", r"qui je suis", sure=False),
    # discover
    *rules("discover", "en",
           r"(?:who|whom) (?:to|(?:should|could|can|might|do you (?:recommend|suggest|think)|"
           r"would you (?:recommend|suggest))(?: that)? i(?: should)?) follow(?: <QUAL> <TOPIC>)?",
           r"(?:suggest|recommend)(?: me)?(?: some| a few| more| new| any)?(?: <PEOPLE>)?"
           r"(?: for me)?(?: to follow)?(?: <QUAL> <TOPIC>)?",
           r"(?:any |some )?(?:suggestions|recommendations|recs)(?: (?:of |for )?(?:<PEOPLE>|who)"
           r" to follow)?(?: <QUAL> <TOPIC>)?",
           r"(?:find|discover|meet|connect with|get)(?: me)?(?: (?:some|new|more|other|"
           r"interesting|cool|a few|any))* <PEOPLE>(?: (?:to follow|like me|for me|i (?:might|"
           r"could|would|may) (?:like|enjoy)|i should follow))?(?: <QUAL> <TOPIC>)?",
           r"(?:new |some |more )?<PEOPLE> (?:to follow|i (?:should|could|might) follow)"
           r"(?: <QUAL> <TOPIC>)?",
           r"<PEOPLE> <QUAL> <TOPIC>",
           r"(?:who(?:'s| is| else is| else)?|anyone|anybody|someone|somebody) (?:into|likes|loves|"
           r"enjoys|interested in|posts about|talks about|writes about|also likes) <TOPIC>",
           r"discover|explore"),
    *rules("discover", "fr",
           r"qui (?:devrais~je|dois~je|pourrais~je|puis~je|je devrais|je dois|je pourrais|"
           r"je peux|me conseilles~tu|me recommandes~tu|me suggeres~tu|me conseillez~vous) "
           r"(?:de )?suivre(?: <QUALFR> <TOPIC>)?",
           r"qui suivre(?: <QUALFR> <TOPIC>)?",
           r"(?:suggere|suggerez|propose|proposez|recommande|recommandez|conseille|conseillez)"
           r"(?:~moi)?(?: (?:des|quelques|de nouvelles|de nouveaux|d'autres))? <GENS>"
           r"(?: a suivre)?(?: <QUALFR> <TOPIC>)?",
           r"(?:des |quelques |d'autres )?(?:suggestions|recommandations|idees de comptes)"
           r"(?: (?:de |d')<GENS> a suivre)?(?: <QUALFR> <TOPIC>)?",
           r"(?:trouve|trouvez|cherche|cherchez|decouvre|decouvrir|trouver|chercher|rencontrer)"
           r"(?:~moi)?(?: (?:des|quelques|de nouvelles|de nouveaux|d'autres|de))? <GENS>"
           r"(?: a suivre)?(?: <QUALFR> <TOPIC>)?",
           r"(?:des |quelques |d'autres |de nouveaux |de nouvelles )?<GENS> a suivre"
           r"(?: <QUALFR> <TOPIC>)?",
           r"(?:des |les )?<GENS> <QUALFR> <TOPIC>",
           r"(?:qui|quelqu'un|y a~t~il quelqu'un qui|il y a des gens qui) (?:aime|adore|fait|"
           r"s'interesse|parle|poste sur|est fan de|est passionne) <TOPIC>",
           r"decouvrir|decouverte|explorer"),
]
