"""Rules for reading and for the account itself: feed, digest, search, mentions,
export, account deletion and help.

Most of these take no arguments, so the whole message must be one of the known
ways of asking ("what's new?", "quoi de neuf ?", "any mentions?"); a sentence
that merely contains the words ("the news made me sad") stays chat. Searches
keep the person's query as typed ("#rust", "vélo") minus a leading article.
"""

from __future__ import annotations

import re

from bot.actions import ME
from bot.understanding.grammar import Args, Rule, define, rules
from bot.understanding.wording import Message

define(
    POSTS=r"(?:posts|messages|updates|tweets|feed|timeline|latest(?: posts)?|recent posts|"
    r"news|stuff)",
    SAID=r"(?:post|posted|been posting|say|said|been saying|write|written|wrote|share|shared|"
    r"been up to|up to)",
    ABOUT=r"(?:about|on|regarding|mentioning|tagged|with|containing|concerning|of)",
    SUR=r"(?:sur|a propos(?: de| d')?|au sujet(?: de| d')?|concernant|qui parlent(?: de| d')?|"
    r"parlant(?: de| d')?|avec|qui mentionnent|mentionnant)",
)



def _mine(match: re.Match[str], message: Message) -> Args:
    """The sender's own posts: "my posts" names them, whoever they are (bot.actions.ME)."""
    return {"author": ME}


READING: list[Rule] = [
    # read_feed: the sender's own posts ("my posts", not their feed) first.
    *rules("read_feed", "en",
           r"(?:(?:show|see|read|list|display|open|check)(?: me)? )?(?:all )?my (?:own )?"
           r"(?:posts|tweets|updates)(?: so far)?<PLZ>",
           r"what (?:did|have) i (?:post|posted)(?: so far| lately| recently)?", build=_mine),
    *rules("read_feed", "fr",
           r"(?:(?:montre|affiche|voir|lis|revoir)(?:~moi)? )?(?:tous )?mes (?:propres )?"
           r"(?:posts|messages|publications)<PLZ>",
           r"qu'est~ce que j'ai (?:poste|publie|ecrit)(?: jusqu'ici)?", build=_mine),
    # read_feed: one person's posts first, then the feed itself.
    *rules("read_feed", "en",
           r"(?:<H>'s?|(?P<it>his|her|their)) (?:<POSTS>|posts lately)",
           r"(?:<POSTS>|the latest|anything new|what's new) (?:from|by|of) <WHO>",
           r"what (?:has|did|is|'s) <WHO> <SAID>(?: lately| recently| today)?",
           r"what'?s <WHO> (?:been )?(?:posting|saying|up to)(?: lately| recently)?",
           r"(?:what'?s new|anything new|news) (?:with|from) (?:<AT>|(?P<it_p>him|her|them))",
           r"(?:catch up on|catch up with|read) <AT>",
           r"what <WHO> (?:posted|said|wrote|shared)(?: lately| recently| today)?"),
    *rules("read_feed", "fr",
           r"(?:les |des |ses )?(?:messages|posts|publications|nouvelles|derniers messages|"
           r"dernieres publications|derniers posts|actus|news)(?: de |\s*d')<QUI>",
           r"(?:qu'a|qu'est~ce qu'a) (?:poste|publie|dit|ecrit|partage) <QUI>",
           r"qu'est~ce que <QUI> a (?:poste|publie|dit|ecrit|partage)",
           r"quoi de (?:neuf|nouveau) (?:chez|du cote de|avec) <QUI>",
           r"(?:le )?fil(?: de |\s*d')<QUI>",
           r"(?P<it>ses) (?:messages|posts|publications)"),
    *rules("read_feed", "en",
           r"(?:my |the )?(?:feed|timeline|home ?feed|news ?feed)",
           r"what(?:'s| is|s) new(?: on plaza| here| today| for me| in my feed)?",
           r"(?:anything|something) new(?: on plaza| today| for me| in my feed)?",
           r"any (?:news|new posts|updates)", r"news", r"updates",
           r"what(?:'s| is|s) happening(?: on plaza| here| today)?",
           r"what(?:'s| is|s) going on(?: on plaza| here)?",
           r"what did i miss(?: today)?", r"catch me up", r"(?:the )?(?:latest|recent|new) posts",
           r"(?:the )?latest", r"what(?:'s| is|s) the latest",
           r"read(?: my)? (?:feed|timeline)", r"refresh(?: my feed)?",
           r"what are (?:people|my friends|folks) (?:saying|posting|talking about)"),
    *rules("read_feed", "fr",
           r"quoi de (?:neuf|nouveau)(?: sur plaza| aujourd'hui| pour moi| ici)?",
           r"(?:mon |le )?fil(?: d'actu(?:alite)?s?)?", r"(?:mon |le )?flux",
           r"(?:du|rien de) nouveau", r"quelles nouvelles",
           r"(?:les )?(?:nouveautes|nouvelles|dernieres nouvelles|derniers messages|actus?|"
           r"actualites)",
           r"qu'est~ce qui se passe(?: sur plaza| ici)?", r"qu'est~ce que j'ai rate",
           r"(?:lis|lire) (?:mon|le) fil", r"rafraichis(?: mon fil)?"),
    # digest (now)
    *rules("digest", "en",
           r"(?:(?:send|give|get)(?: me)? )?<DIG>(?: now| today| for today| of the day| please)?",
           r"summari[sz]e (?:my day|my feed|today|what i missed)",
           r"what'?s in my <DIG>"),
    *rules("digest", "fr",
           r"(?:(?:envoie|envoyez|donne|donnez|fais|faites)(?:~moi)? )?<DIGFR>"
           r"(?: maintenant| tout de suite| d'aujourd'hui)?",
           r"(?:fais|faites)~moi (?:un |le )?(?:resume|recap|point)"),
    # trending
    *rules("trending", "en",
           r"(?:what(?:'s| is| are)|whats|anything|show(?: me)?|any) ?(?:the )?"
           r"(?:trending|trends|hot|popular)(?: (?:now|today|right now|topics|hashtags|on plaza))*",
           r"(?:trending|trends)(?: (?:topics|hashtags|now|today))*<HERE>",
           r"what(?:'s| is) everyone talking about(?: today| now)?"),
    *rules("trending", "fr",
           r"(?:quoi de|qu'est~ce qui est|c'est quoi les|quelles sont les|les|des|montre(?:~moi)? "
           r"les) ?(?:tendances?|sujets tendances?|hashtags tendances?)(?: (?:du moment|"
           r"aujourd'hui|en ce moment))*",
           r"(?:tendances?|sujets du moment)<HERE>",
           r"de quoi (?:tout le monde|les gens|on) parlen?t?(?: aujourd'hui| en ce moment)?"),
    # search
    *rules("search", "en",
           r"(?:search|find)\s*(?P<colon>:)\s*<QUERY>",
           r"(?:search for|search posts for|search|look for|look up)(?: (?:posts|messages))?"
           r"(?: <ABOUT>)? <QUERY>",
           r"find (?:posts|messages|anything)(?: <ABOUT>)? <QUERY>",
           r"find <TAG>",
           r"what(?:'s| is| are)? (?:people|everyone|everybody|folks|they|others|users|my friends)"
           r" (?:saying|posting|talking|writing|tweeting|thinking|sharing)(?: about| on| regarding|"
           r" of)? <QUERY>",
           r"what(?:'s| is|s) (?:being said|the buzz|the talk|new|happening) (?:about|on|"
           r"regarding) <QUERY>",
           r"what do (?:people|folks|others|you guys) (?:say|think|post) about <QUERY>",
           r"(?:any |some |recent |latest )?(?:posts|messages|tweets|talk|chatter|discussion|"
           r"news|anything) <ABOUT> <QUERY>",
           r"<TAG>"),
    *rules("search", "fr",
           r"(?:recherche|cherche)\s*(?P<colon>:)\s*<QUERY>",
           r"(?:cherche|chercher|recherche|rechercher|cherchez|recherchez)(?: (?:des|les))?"
           r"(?: (?:messages|posts|publications))?(?: <SUR>)? <QUERY>",
           r"(?:trouve|trouver|trouvez)(?: (?:des|les))? (?:messages|posts|publications)"
           r"(?: <SUR>)? <QUERY>",
           r"(?:que dit~on|qu'est~ce qu'on dit|qu'est~ce que les gens disent|que disent les gens|"
           r"qu'en dit~on|que se dit~il)(?: <SUR>)? <QUERY>",
           # "on dit quoi" alone is a greeting (West Africa: "what's up"): a subject needs "sur"
           r"on dit quoi <SUR> <QUERY>",
           r"(?:les |des )?(?:messages|posts|publications|tweets) <SUR> <QUERY>",
           r"quoi de (?:neuf|nouveau) (?:sur|a propos de) <TAG>"),
    # mentions
    *rules("mentions", None,
           r"(?:(?:my|any|new|des|mes|nouvelles|de nouvelles) )*(?:mentions|notifs?)<HERE>"),
    *rules("mentions", "en",
           r"(?:(?:my|any|new) )*(?:notifications|replies)(?: for me| to me)?<HERE>",
           r"(?:did|has) (?:anyone|anybody|someone|somebody) (?:mention|mentioned|reply to|replied "
           r"to|answer|answered|respond to|responded to|tag|tagged) me",
           r"who (?:mentioned|replied to|tagged|answered) me", r"who replied",
           r"(?:any )?replies to my posts",
           r"(?:anyone|anybody) (?:talking about|mentioning) me"),
    *rules("mentions", "fr",
           r"(?:mes |des |nouvelles )?(?:notifications|reponses)",
           r"qui m'a (?:mentionne|repondu|cite|tague)",
           r"(?:est~ce que )?(?:quelqu'un|on) m'a (?:mentionne|repondu|cite|tague)",
           r"des reponses a mes messages"),
    # export_data
    *rules("export_data", "en",
           r"export(?: (?:all )?(?:of )?my (?:data|stuff|account|posts)| everything)?"
           r"(?: (?:as|in) json)?",
           r"(?:download|get|give me|send me)(?: a copy of)?(?: all)?(?: of)? my data",
           r"(?:data export|export data|(?:all )?(?:of )?my data|a copy of my data)",
           r"what data do you have (?:on|about) me"),
    *rules("export_data", "fr",
           r"(?:exporte|exporter|exportez)(?: (?:toutes )?mes donnees| tout| mon compte)?",
           r"(?:telecharge|telecharger|telechargez|recupere|recuperer|envoie~moi|donne~moi)"
           r"(?: une copie de)?(?: toutes)? mes donnees",
           r"(?:mes donnees|une copie de mes donnees|export de mes donnees)"),
    # delete_account
    *rules("delete_account", "en",
           r"(?:delete|remove|close|erase|destroy|terminate|deactivate|wipe|cancel)(?: my)? "
           r"(?:plaza )?(?:account|profile)(?: for good| permanently| forever| completely)?",
           r"delete (?:me|everything about me|all my data)", r"i want to leave plaza"),
    *rules("delete_account", "fr",
           r"(?:supprime|supprimer|supprimez|efface|effacer|effacez|ferme|fermer|fermez|"
           r"detruis|detruire|desactive|desactiver)(?: mon| le)? compte(?: plaza)?"
           r"(?: definitivement| pour de bon)?",
           r"(?:supprime|efface) (?:toutes )?mes donnees", r"(?:desinscris|desinscrivez)~moi",
           r"me desinscrire"),
    # help
    *rules("help", "en",
           r"help(?: me)?", r"what can (?:you|i) do(?: here)?", r"what do you do",
           r"how (?:does|do) (?:this|it|plaza|you) work", r"how do i use (?:this|plaza|you)",
           r"(?:the )?commands", r"what are the commands", r"list (?:of )?commands",
           r"menu", r"how to use(?: plaza)?", r"i'm lost", r"what is plaza",
           r"what (?:can|does) plaza do", r"how (?:do|can) i (?:post|follow|reply|like|repost|"
           r"search|block|mute|delete|change|set|use)(?: (?:a|my|this|something|someone|"
           r"people|plaza|posts?|messages?|the digest))?",
           r"who are you"),
    *rules("help", "fr",
           r"aide(?:~moi)?", r"a l'aide", r"au secours",
           r"(?:que sais~tu|qu'est~ce que tu sais|que peux~tu|qu'est~ce que tu peux|"
           r"qu'est~ce qu'on peut) faire(?: ici)?",
           r"comment (?:ca|tu|plaza) (?:marche|fonctionne)s?",
           r"comment (?:on fait|utiliser plaza)",
           r"(?:les |liste des )?commandes", r"mode d'emploi", r"c'est quoi plaza",
           r"qui es~tu", r"tu es qui", r"je suis perdue?", r"tu sers a quoi",
           r"comment (?:on |je |faire pour )?(?:poste|poster|publie|publier|suit|suivre|cherche|"
           r"chercher|utilise|utiliser)(?: (?:un|une|des|le|la|les|quelqu'un|plaza|ca|"
           r"messages?|posts?))*"),
]
