# ruff: noqa: E501  (data: one request shape a line reads better than wrapped)
"""How people ask for each action, as templates the training phrasings are drawn from.

One entry per action of the vocabulary (bot.actions.ACTIONS) and per language, plus
three readings that only make sense with the chat's last exchange (`again`: "and
@ava too", `correct`: "no, I meant @ethan", `pick`: "the second one"), and three
requests Plaza cannot carry out yet (NOT_YET).

A template is words with three kinds of marks, expanded by `generate`:

    (a|b|c)   one of the alternatives
    [a]       optional (as "(a|)")
    {slot}    a value drawn for the slot: h (handle, with or without @), n (a post
              number, shaped #12, 12, n°12...), t (text to publish), q (search words),
              topic, time, zone, plat (a platform), name, bio

The words around the slots are also what the slot readers (`slots`) treat as
"carrier" words, never as a handle or a topic.
"""

from __future__ import annotations

# The readings that take the last exchange into account, not actions of their own.
FOLLOW_UPS = ("again", "correct", "pick")
# What people ask for that Plaza cannot do yet: read, so the answer says so and what to
# do instead, rather than misreading "unlike 12" as "like 12".
NOT_YET = ("edit", "unlike", "unrepost")

_ME_EN = "(my|the|this|that)"

EN: dict[str, tuple[str, ...]] = {
    "post": (
        "post[:] {t}", "(publish|share|tweet|announce)[:] {t}", "post this[:] {t}",
        "(can|could) (you|u) post [that] {t}", "(make|write|create) a [new] post[:] {t}",
        "(tell|let) (everyone|everybody|all my followers|the world) [know] [that] {t}",
        "new post[:] {t}", "i want to post [that] {t}", "put (this|that) (up|out)[:] {t}",
        "post to my followers only[:] {t}", "followers only[:] {t}",
        "(share|post) with my followers[:] {t}", "post it[:] {t}", "send a post saying {t}",
        "status update[:] {t}", "(pls|please) post {t}", "posting[:] {t}",
    ),
    "reply": (
        "reply to {n}[:] {t}", "(answer|respond to|comment on) {n}[:] {t}",
        "reply {n} {t}", "(tell|reply to) the author of {n} [that] {t}",
        "(write|send) a reply to {n} saying {t}", "on {n} (say|reply|write) {t}",
        "comment on post {n}[:] {t}", "reply to post {n} with {t}",
    ),
    "like": (
        "like {n}", "like post {n}", "(can|could) (you|u) like {n} [for me]", "(heart|fav|favorite|favourite|upvote) {n}",
        "i (like|love) (post|) {n}, like it for me", "give {n} a like", "(drop|leave) a like on {n}",
        "smash that like on {n}", "like (number|no|#) {n}", "add a like to {n}", "hit like on {n}",
        "i want to like {n}", "like (my last post|the last one)", "liek {n}",
    ),
    "repost": (
        "boost {n} (please|), everyone should see it", "share post {n} on my profile", "(republish|re-share) {n}",
        "repost {n}", "(share|boost|retweet|rt|reshare) {n}", "repost post {n}",
        "(can|could) (you|u) (repost|share) {n} [for me]", "share {n} with my followers",
        "(boost|repost) (number|no) {n} [pls]", "i want to repost {n}", "rt {n} pls",
        "spread {n} to my followers", "share that post {n}",
    ),
    "delete_post": (
        "delete {n}", "(remove|erase|take down|delete) (post|my post) {n}",
        "(delete|remove|take down|undo) (my last post|what i just posted|my latest post|that last post)",
        "oops delete (what i just posted|my last post|that)", "get rid of (post|) {n}",
        "(can|could) (you|u) delete {n} [for me]", "i want to delete {n}",
        "delete my post (number|no) {n}", "trash {n}", "unpost {n}", "scrap my last post",
    ),
    "follow": (
        "add {h} to (the people i follow|my follows)", "i'd like to keep up with {h}", "i want to see {h}'s posts", "my (grandson|friend|daughter) told me to follow {h}",
        "follow {h}", "(can|could) (you|u) follow {h} [for me]", "i want to follow {h}",
        "follow my (friend|sister|brother|mom|dad|cousin|coworker|colleague|boss|uncle|aunt) {h}",
        "(add|sub to|subscribe to|track) {h}", "start following {h}", "follow {h} too",
        "(make me|let me) follow {h}", "(i'd like|i would like) to follow {h}",
        "folow {h}", "follw {h}", "follow {h} pls", "you can follow {h}",
        "follow {h} [for me], (they|she|he) (post|posts) (great|cool|nice) stuff",
        "follow {h} and {h}", "follow {h}, {h} and {h}", "sub {h}",
    ),
    "unfollow": (
        "i no longer (wish|want) to follow {h}", "get me off {h}'s list", "i'm done following {h}", "please stop following {h} for me",
        "unfollow {h}", "stop following {h}", "(can|could) (you|u) unfollow {h} [for me]",
        "i (want|wanna) to unfollow {h}", "i don't want to follow {h} (anymore|any more)",
        "unsub (from|) {h}", "unsubscribe from {h}", "(drop|remove) {h} from (my follows|the people i follow)",
        "no more {h} in my feed, unfollow", "you can unfollow {h} now", "unfolow {h}",
        "quit following {h}", "stop following my (ex|friend|coworker) {h}",
        "unfollow {h} and {h}", "i'm done with {h}, unfollow (them|her|him)",
    ),
    "block": (
        "(please |)block the (user|account) {h}", "block this account {h}", "{h} keeps (sending me|spamming) (rude|weird) (replies|messages), block",
        "block {h}", "(can|could) (you|u) block {h}", "block {h} (now|please|pls)",
        "block that (creep|troll|guy|person) {h}", "i want to block {h}",
        "{h} is harassing me, block (them|him|her)", "(ban|blacklist) {h}",
        "block {h}, (he|she|they) (keeps|keep) (bothering|spamming|harassing) me",
        "make {h} go away for good, block", "blok {h}", "block {h} and {h}",
        "i (never|don't ever) want to see {h} again", "i never want to hear from {h} again",
        "stop {h} from (seeing|contacting|messaging) me",
    ),
    "unblock": (
        "unblock {h}", "you can unblock {h} [now]", "(can|could) (you|u) unblock {h}",
        "i want to unblock {h}", "remove the block on {h}", "undo (the|my) block (on|of) {h}",
        "lift the block on {h}", "unblock {h}, we're (friends|good|cool) again", "unblok {h}",
        "let {h} see me again, unblock", "unban {h}",
    ),
    "mute": (
        "hide {h}'s posts (from my feed|) without unfollowing", "is it possible to hide {h} without unfollowing", "make {h} go quiet in my feed", "i still want to follow {h} but not see (their|his|her) posts",
        "mute {h}", "mute my (uncle|aunt|friend|coworker|cousin|boss) {h} [he posts way too much]",
        "(hide|silence|snooze) {h}", "(can|could) (you|u) mute {h}",
        "i don't want to see {h}'s posts (anymore|for a while)",
        "mute {h} (he|she|they) (posts|post) (way|) too much", "hide {h} from my feed",
        "i want to mute {h}", "mute {h} for now", "shut {h} up in my feed", "mut {h}",
        "keep following {h} but hide (their|his|her) posts", "mute {h} and {h}",
    ),
    "unmute": (
        "unmute {h}", "(can|could) (you|u) unmute {h}", "(show|unhide) {h} again",
        "i want to see {h}'s posts again", "unmute {h} now", "stop hiding {h}",
        "bring {h} back in my feed", "you can unmute {h}", "unhide {h}", "un-mute {h}",
    ),
    "read_feed": (
        "what have my friends been (up to|posting) [on here]", "(show|display) the latest posts from (the people|people) i follow", "wats new", "wat's new today", "what's new today",
        "what's new", "whats new", "what's new?", "(show|read) (me|) my feed", "my feed",
        "what's (happening|going on) [on my (feed|timeline)]", "whats good on my feed",
        "(anything|something) new", "any news", "what did i miss", "show me the latest posts",
        "(check|open|refresh|load) (my|the) (feed|timeline)", "my timeline", "latest posts",
        "what are people (saying|posting)", "(show|read) me (what|the posts) {h} (posted|wrote)",
        "what (has|did) {h} (post|posted|say|said) [lately|recently]", "posts (by|from) {h}",
        "{h}'s posts", "show me {h}'s (latest|recent) posts", "what's {h} up to",
        "catch me up", "what's up on plaza", "news feed", "feed pls", "show new posts",
        "what's happening on my timeline", "anything new from {h}",
    ),
    "digest": (
        "(show|send|give) (me|) my digest [now]", "my digest", "digest (now|pls|please)",
        "(can i|could i) (get|have|see) (my|the|today's) digest [now]", "today's digest",
        "daily (digest|summary) [now]", "(show|give) me (today's|my daily) summary",
        "summary of (today|the day)", "(what's in|read) my digest", "i want my digest now",
        "send the digest now", "digest?", "the daily recap",
    ),
    "set_digest": (
        "(send|give) (me|) my digest at {time}", "digest at {time}", "change my digest to {time}",
        "(move|set) (my|the) digest to {time}", "i want my digest at {time}",
        "daily (digest|summary) at {time} [please]", "(set|change) my time zone to {zone}",
        "i'm in {zone} (now|)", "my (timezone|time zone) is {zone}", "digest at {time} {zone} time",
        "(turn off|stop|disable|pause|cancel) (my|the) (daily |)(digest|summary)",
        "(turn on|start|enable|resume|restart) (my|the) (daily |)(digest|summary)",
        "no more (digests|daily digest)", "i don't want the (digest|daily summary) anymore",
        "(send|deliver) my digest (on|to|via) {plat}", "digest (on|to|via) {plat} [please]",
        "send my digest here", "(even|also) (send|tell) me when there's nothing new",
        "don't send (anything|a digest) on (empty|quiet) days", "wake me up with the digest at {time}",
        "can the digest come at {time} instead", "digest every (morning|day) at {time}",
    ),
    "link": (
        "here's my (link |)code[:] {code}", "my code is {code}", "link {code}", "the code is {code}",
        "link my {plat} [account]", "(connect|link|merge|join) my (accounts|account) [with {plat}]",
        "i want to link {plat}", "(how do i|can i) link my {plat} (account|) [to this]",
        "link (account|accounts)", "give me a link code", "(get|send me) a code to link {plat}",
        "connect {plat}", "i'm also on {plat}, link it", "pair this with my {plat}",
    ),
    "linked": (
        "(where|which platforms) am i linked", "which (accounts|platforms) are (linked|connected)",
        "what's linked to my account", "(show|list) my linked accounts",
        "am i (linked|connected) (on|to) {plat}", "my linked (platforms|accounts)",
        "where is my account connected", "which apps am i on",
    ),
    "unlink": (
        "unlink {plat}", "(disconnect|detach|remove) (my|) {plat} [account]",
        "unlink my {plat} account", "i want to unlink {plat}", "(can|could) (you|u) unlink {plat}",
        "take {plat} off my account", "stop linking {plat}",
    ),
    "discover": (
        "find (people|ppl|folks|users) (into|who like|interested in|who (post|talk) about) {topic}",
        "(who|anyone) (here|on here|on plaza) (into|likes|posts about) {topic}",
        "(are there|any) {topic} (people|fans|lovers|nerds) (here|on here|around)",
        "(suggest|recommend) (people|accounts|someone) to follow [on {topic}]",
        "who should i follow [for {topic}]", "find me (people|friends|accounts) [to follow]",
        "find people", "discover (people|accounts) [into {topic}]", "any {topic} here",
        "i'm looking for (people|friends) (into|who like) {topic}", "people like me",
        "(looking for|find) {topic} (people|fans|accounts|folks)",
        "who posts about {topic}", "(find|show) me new people", "who's into {topic} here",
    ),
    "search": (
        "search [for] {q}", "search posts (about|on|for|with) {q}", "look up {q}",
        "find posts (about|on|with|mentioning) {q}", "(any|are there) posts about {q}",
        "what are people saying about {q}", "search #{q}", "posts (about|on) {q}",
        "(what's|whats) (out there|being said) about {q}", "find {q} (posts|stuff)",
        "show me posts about {q}", "anything (about|on) {q}", "srch {q}", "serch {q}",
        "i'm looking for posts about {q}", "grep {q}",
    ),
    "show_profile": (
        "(show|open|see) my profile", "my profile", "what does my profile (say|look like)",
        "(show|open|see) {h}'s profile", "(who is|who's) {h}", "profile (of|for) {h}",
        "tell me about {h}", "what's {h}'s bio", "look at {h}", "check out {h}['s profile]",
        "how do i look to others", "my bio", "who am i on here", "{h} profile",
    ),
    "update_profile": (
        "(change|set|update) my (display |)name to {name}", "call me {name}",
        "my name is {name}", "(change|set|update) my bio to {bio}", "my bio (is|should be)[:] {bio}",
        "new bio[:] {bio}", "(i'm into|my interests are|i like) {topic} [and {topic}]",
        "add {topic} to my interests", "rename me to {name}", "put {bio} in my bio",
        "update my profile[:] {bio}", "set my interests to {topic}, {topic}",
    ),
    "followers": (
        "who (follows|follow) me", "who are my followers", "my followers", "(show|list) my followers",
        "how many (people|ppl|followers) (follow|do i have|follows) me",
        "how many followers do i have", "do i have (any|) followers", "who's following me",
        "(list|show) (people|everyone) following me", "followers?", "who subscribed to me",
        "anyone following me", "follower count",
    ),
    "following": (
        "who do i follow", "who am i following", "(show|list) (the people|everyone|who) i follow",
        "people i follow", "my (follows|following|followings)", "(list|show) my following",
        "how many (people|accounts) do i follow", "who's in my feed", "who am i subscribed to",
        "following list", "accounts i follow",
    ),
    "mentions": (
        "(show|list) my mentions", "my mentions", "(who|anyone) mentioned me",
        "(did|has) anyone (reply|replied|respond|responded) to me", "any replies [to me]",
        "(show|see) (my|the) replies", "who (replied to|tagged|answered) me",
        "notifications", "any (notifications|notifs|mentions)", "did i get (any|) replies",
        "who's talking about me", "was i tagged", "what did people reply",
    ),
    "export_data": (
        "(i'd like|i want) a copy of (all|) my (info|information|data)", "(download|save) my whole account (as|in) json",
        "export my data", "(download|export|get) (all|) my (data|stuff|info|posts)",
        "(send|give) me (a copy of|) (all|) my data", "i want (a copy of|) my data",
        "gdpr (export|request)", "export everything", "data export", "backup my account",
        "what do you (have|know) about me, (send|export) it",
    ),
    "delete_account": (
        "delete my account", "(close|remove|erase|destroy|delete) my (account|profile)",
        "i want to (leave|quit) plaza", "delete (everything|all my data) and my account",
        "(wipe|nuke) my account", "i'm done, delete my account", "deactivate my account",
        "(cancel|terminate) my account", "delete me", "forget about me, delete everything",
    ),
    "help": (
        "help", "what can you do", "(how|what) (does|do) (this|you) work", "commands",
        "what are the commands", "how do i use this", "i'm lost", "(help|halp) me",
        "what can i (do|say|ask) [here]", "how does plaza work", "instructions", "menu",
        "what are you", "what do you do", "i don't get it, what do i do", "options",
    ),
    "chat": (
        "lol", "lmao", "haha", "ok", "okay", "cool", "nice", "thanks", "thank you", "thx",
        "hi", "hello", "hey", "good morning", "good night", "bye", "see you", "how are you",
        "what's up", "you're awesome", "i'm bored", "i'm tired", "tell me a joke",
        "post {n} was so (weird|funny|good|bad) (lmao|lol|haha|)",
        "{n} was (hilarious|wild|so true|awful)", "that post (was|is) (funny|crazy|great)",
        "i love following the news", "i'm following the game closely", "my feed is so boring lately",
        "people post the weirdest stuff", "i posted something yesterday", "the news is crazy",
        "{h} is so funny", "{h} is my best friend", "i met {h} today", "{h} posts a lot lol",
        "did you see what {h} posted lol", "i like it", "love it", "great", "yes", "no", "maybe",
        "what time is it", "the weather is nice", "i'm in london this week", "block party tonight",
        "you're a bot right", "are you real", "who made you", "i live in hope",
        "follow up on that later", "call me later", "i hate mondays", "wow", "omg", "k",
        "no worries", "my day was long", "search me", "i'm just looking around", "hmm",
        "that's cool", "so true", "good bot", "bad bot", "😂", "👍", "?", "...",
        "i'll like it later maybe", "i search for meaning", "i need help with my homework",
        "my mom follows me everywhere", "the share price went up", "deleted scenes are the best",
        "the block is hot", "mute point", "this app is cool", "it's my birthday",
        "my followers are (the best|amazing|so kind)", "i blocked my (ex|boss) (lol|haha|)",
        "mute the (tv|radio|music)", "block out the (noise|haters)", "i followed your advice",
        "i liked that movie", "i like (pizza|cats|rain|mondays)", "search and rescue is hiring",
        "my profile pic is old", "my bio needs work", "who should i vote for",
        "find my (keys|phone|glasses)", "what do you think", "what are you doing",
        "the repost button is (cute|nice)", "i'll post later", "i'm posting less these days",
        "following the (news|match|game|election) closely", "i unfollowed everyone once lol",
        "{h} blocked me lol", "{h} followed me (yay|!)", "{h} liked my post", "i'm in {zone} today",
        "new phone who dis", "delete this app lol jk", "my feed is on fire today",
        "export the world", "help me find my keys", "tell me something nice",
    ),
    "edit": (
        "edit {n}[:] {t}", "edit my (last|latest) post[:] {t}", "(fix|correct|change) (my last post|post {n}|{n})[:] {t}",
        "oops fix my last post[:] {t}", "(can|could) (you|u) edit {n}", "i made a typo in {n}, edit it",
        "update post {n} to say {t}", "edit (my post|post) {n}", "change what i wrote in {n}",
    ),
    "unlike": (
        "unlike {n}", "remove my like (on|from) {n}", "take back my like on {n}", "un-like {n}",
        "i didn't mean to like {n}", "undo (my|the) like on {n}", "unheart {n}", "unlike that",
    ),
    "unrepost": (
        "unrepost {n}", "undo (my|the) repost (of|on) {n}", "unshare {n}", "remove my repost of {n}",
        "un-retweet {n}", "i didn't mean to repost {n}", "take back my repost of {n}",
    ),
    "again": (
        "and {h} too", "{h} too", "also {h}", "and {h}", "same for {h}", "same with {h}",
        "and {h} as well", "do {h} too", "{h} as well", "same thing for {h}", "what about {h}",
        "and {n} too", "{n} too", "same for {n}", "and {n}", "also {n}",
    ),
    "correct": (
        "no i meant {h}", "i meant {h}", "no, {h}", "sorry i meant {h}", "not that one, {h}",
        "wrong person, {h}", "no {h} not that one", "i said {h}", "oops i meant {h}",
        "no i meant {n}", "i meant {n}", "sorry, {n}", "not that one, {n}", "wrong one, i meant {n}",
    ),
    "pick": (
        "the (first|second|third|fourth|fifth|last) one", "(first|second|third|1st|2nd|3rd) one",
        "number (1|2|3|4|5)", "(the |)(1|2|3|4|5)(st|nd|rd|th|)", "option (1|2|3)",
        "the (first|second|third) (person|guy|girl|account|post)", "that (first|second|last) one",
    ),
}

FR: dict[str, tuple[str, ...]] = {
    "post": (
        "publie[:] {t}", "(poste|post|partage)[:] {t}", "publie (ça|ca|ceci)[:] {t}",
        "(tu peux|peux-tu|pourrais-tu) (publier|poster) [que] {t}", "nouveau (message|post)[:] {t}",
        "(dis|annonce) à tout le monde (que|) {t}", "je veux publier[:] {t}",
        "publie pour mes abonnés[:] {t}", "(seulement|juste) pour mes abonnés[:] {t}",
        "(écris|ecris|fais) un (post|message)[:] {t}", "mets en ligne[:] {t}", "publier[:] {t}",
        "(stp|svp) publie {t}", "dis à mes abonnés (que|) {t}",
    ),
    "reply": (
        "réponds au {n}[:] {t}", "reponds a {n}[:] {t}", "(réponds|reponds|réponse) {n} {t}",
        "réponds au message {n} (avec|par)[:] {t}", "commente le {n}[:] {t}",
        "dis à l'auteur du {n} (que|) {t}", "réponse au {n}[:] {t}",
    ),
    "like": (
        "aime {n}", "aime le {n}", "like le {n}", "(like|liker|liké) {n}", "(mets|met) un (like|j'aime|coeur) (au|sur le|à) {n}",
        "(tu peux|peux-tu) aimer le {n} [stp]", "j'aime le message {n}", "je veux aimer le {n}",
        "like le message {n}", "(aime|like) (mon dernier message|le dernier)", "lik {n}", "lk le {n}",
        "coeur sur le {n}", "(aimer|liker) le post {n}",
    ),
    "repost": (
        "(pourriez-vous |)republier le message {n}", "partage le {n} sur mon profil",
        "(repartage|partage|reposte|repost) (le|) {n}", "(tu peux|peux-tu) partager le {n}",
        "partage le message {n} avec mes abonnés", "retweet le {n}", "je veux repartager le {n}",
        "fais tourner le {n}", "rt le {n}", "rediffuse le {n}",
    ),
    "delete_post": (
        "supprime (le|) {n}", "(efface|enlève|enleve|retire) (le message|le post|mon message) {n}",
        "supprime mon (dernier message|dernier post)", "(efface|supprime) ce que je viens de (poster|publier|dire)",
        "oups supprime (mon dernier message|ça|ca)", "(tu peux|peux-tu) supprimer le {n}",
        "je veux supprimer le {n}", "vire le {n}", "supprimer le message {n}", "annule mon dernier post",
    ),
    "follow": (
        "suis {h}", "suivre {h}", "abonne-moi à {h}", "abonne moi a {h}", "je veux suivre {h}",
        "(tu peux|peux-tu|pourrais-tu) suivre {h} [pour moi]", "(suis|suit) mon (pote|ami|amie|frère|cousin|collègue) {h}",
        "suis ma (pote|amie|soeur|sœur|cousine|collègue|mère) {h}", "je veux m'abonner à {h}",
        "abonnement à {h}", "follow {h} stp", "ajoute {h}", "je voudrais suivre {h}",
        "suis {h} aussi", "abonne-moi à {h} et {h}", "suis {h} et {h}", "suit {h}", "suivre {h} svp",
    ),
    "unfollow": (
        "je ne souhaite plus suivre {h}", "sors-moi des abonnés de {h}",
        "ne suis plus {h}", "arrête de suivre {h}", "arrete de suivre {h}", "je veux arrêter de suivre {h}",
        "je veux arreter de suivre {h}", "désabonne-moi de {h}", "desabonne moi de {h}",
        "unfollow {h}", "je ne veux plus suivre {h}", "plus de {h} dans mon fil",
        "(tu peux|peux-tu) arrêter de suivre {h}", "je me désabonne de {h}", "désabonnement de {h}",
        "retire {h} de mes abonnements", "arrête de suivre {h} et {h}",
    ),
    "block": (
        "(veuillez |)bloquer l'utilisateur {h}", "bloque ce gars-là {h}", "blocke (le compte|) {h}", "bloque le compte {h}",
        "bloque {h}", "(tu peux|peux-tu) bloquer {h}", "je veux bloquer {h}", "bloquer {h}",
        "{h} me harcèle, bloque-(le|la)", "bloque ce (troll|type|relou) {h}", "ban {h}",
        "je ne veux plus jamais voir {h}", "empêche {h} de me (voir|contacter|suivre)",
        "bloque {h} stp", "bloque {h} et {h}", "blok {h}",
    ),
    "unblock": (
        "débloque {h}", "debloque {h}", "(tu peux|peux-tu) débloquer {h}", "je veux débloquer {h}",
        "enlève le blocage de {h}", "tu peux débloquer {h} maintenant", "débloquer {h}",
        "on s'est réconciliés, débloque {h}", "unblock {h}",
    ),
    "mute": (
        "je veux plus voir les publications de {h} sans me désabonner", "cache les publications de {h} sans me désabonner", "(mets|met) {h} en sourdine",
        "masque {h}", "mets {h} en sourdine", "(tu peux|peux-tu) masquer {h}", "je veux masquer {h}",
        "cache {h}", "mute {h}", "je ne veux plus voir les messages de {h}", "masquer {h}",
        "cache les posts de {h} de mon fil", "masque mon (oncle|cousin|collègue) {h} il poste trop",
        "{h} poste trop, masque-(le|la)", "masque {h} et {h}",
    ),
    "unmute": (
        "démasque {h}", "demasque {h}", "réaffiche {h}", "reaffiche {h}", "je veux revoir {h}",
        "enlève la sourdine de {h}", "(tu peux|peux-tu) réafficher {h}", "unmute {h}",
        "remets {h} dans mon fil", "arrête de masquer {h}", "je veux revoir les messages de {h}",
    ),
    "read_feed": (
        "(montre|affiche)-moi les dernières publications des gens que je suis", "qu'est-ce que mes amis ont publié", "mets-moi à jour", "quoi de neuf sur le fil", "y a quoi de nouveau",
        "quoi de neuf", "koi de neuf", "quoi d'neuf", "(montre|affiche) (moi|) mon fil", "mon fil",
        "les nouveautés", "(du|des) nouveau(x|)", "il se passe quoi", "qu'est-ce qui se passe",
        "(quoi|koi) de nouveau", "qu'est-ce que j'ai raté", "(ouvre|actualise|charge) mon fil",
        "(les|derniers) (derniers |)messages", "ma timeline", "ça dit quoi", "(montre|affiche)-moi les nouveautés",
        "(qu'est-ce que|quoi) {h} a (posté|publié|dit)", "les (messages|posts) de {h}",
        "(montre|affiche)-moi les posts de {h}", "quoi de neuf chez {h}", "il a dit quoi {h}",
        "des nouvelles", "mon fil d'actu", "quoi de neuf sur plaza", "fil stp",
    ),
    "digest": (
        "(montre|envoie|donne)-moi mon résumé", "mon résumé", "(le|mon) résumé (du jour|quotidien)",
        "résumé (maintenant|stp)", "je veux mon résumé", "(envoie|affiche) le résumé maintenant",
        "le récap du jour", "mon digest", "c'est quoi le résumé d'aujourd'hui", "resume du jour",
    ),
    "set_digest": (
        "(envoie|donne)-moi mon résumé à {time}", "résumé à {time}", "(mets|change) mon résumé à {time}",
        "je veux mon résumé à {time}", "(change|mets) mon fuseau (horaire|) (à|sur|en) {zone}",
        "je suis (à|en|au) {zone}", "mon fuseau (horaire |)est {zone}",
        "(arrête|coupe|désactive|stoppe|suspends) (le|mon) résumé", "(active|réactive|remets|relance) (le|mon) résumé",
        "plus de résumé", "je ne veux plus de résumé", "(envoie|mets) mon résumé (sur|dans|via) {plat}",
        "résumé (sur|dans) {plat}", "envoie mon résumé ici", "même quand il n'y a rien de neuf, préviens-moi",
        "n'envoie rien les jours sans nouveauté", "le résumé chaque matin à {time}",
        "résumé quotidien à {time} stp",
    ),
    "link": (
        "voici mon code[:] {code}", "mon code est {code}", "lier {code}", "le code c'est {code}",
        "relie mon (compte |){plat}", "(lie|lier|relier|associer|connecter) mon compte {plat}",
        "je veux relier {plat}", "comment (je relie|relier) mon compte {plat}", "relier mes comptes",
        "donne-moi un code pour relier {plat}", "connecte {plat}", "je suis aussi sur {plat}, relie-le",
        "associe mes comptes",
    ),
    "linked": (
        "où suis-je relié", "sur quelles plateformes je suis", "quels comptes sont reliés",
        "mes comptes reliés", "(montre|liste) mes comptes reliés", "suis-je relié à {plat}",
        "je suis connecté où", "quelles plateformes sont liées à mon compte",
    ),
    "unlink": (
        "délie {plat}", "delie {plat}", "(détache|déconnecte|retire|enlève) (mon compte |){plat}",
        "je veux délier {plat}", "(tu peux|peux-tu) délier {plat}", "dissocie mon compte {plat}",
    ),
    "discover": (
        "découvre des comptes {topic}", "(suggère|suggérez)-moi des personnes à suivre qui s'intéressent à {topic}", "y a-tu du monde (dans|en) {topic}",
        "trouve des (gens|personnes|comptes) (qui aiment|fans de|intéressés par|qui parlent de) {topic}",
        "(y a|il y a|y'a) des {topic} (par ici|ici|sur plaza)", "qui (aime|poste sur|parle de) {topic} ici",
        "(suggère|propose|recommande)-moi des (gens|comptes) à suivre", "qui je devrais suivre [pour {topic}]",
        "trouve-moi des (amis|gens|personnes)", "je cherche des (gens|personnes) (qui aiment|fans de) {topic}",
        "des fans de {topic} ici", "découvrir des (gens|comptes) [sur {topic}]", "des gens à suivre",
        "qui parle de {topic}", "trouve des gens",
    ),
    "search": (
        "cherche {q}", "recherche {q}", "cherche des messages (sur|à propos de|avec) {q}",
        "(trouve|montre)-moi les messages sur {q}", "(il y a|y a) des messages sur {q}",
        "qu'est-ce qu'on dit (sur|de) {q}", "cherche #{q}", "messages (sur|à propos de) {q}",
        "je cherche des posts sur {q}", "rechercher {q}", "chercher {q}", "cherche les posts avec {q}",
    ),
    "show_profile": (
        "(montre|affiche) mon profil", "mon profil", "à quoi ressemble mon profil",
        "(montre|affiche) le profil de {h}", "(c'est qui|qui est) {h}", "profil de {h}",
        "parle-moi de {h}", "c'est quoi la bio de {h}", "ma bio", "je suis qui ici", "{h} c'est qui",
    ),
    "update_profile": (
        "mets mes intérêts à {topic}, {topic}", "(modifie|change) mon nom d'affichage en {name}",
        "(change|mets) mon nom (en|à|pour) {name}", "appelle-moi {name}", "je m'appelle {name}",
        "(change|mets) ma bio (en|à|pour)[:] {bio}", "ma bio[:] {bio}", "nouvelle bio[:] {bio}",
        "(j'aime|je suis fan de|mes centres d'intérêt sont) {topic} [et {topic}]",
        "ajoute {topic} à mes centres d'intérêt", "mets à jour mon profil[:] {bio}",
    ),
    "followers": (
        "qui me suit", "mes abonnés", "(montre|liste) mes abonnés", "combien (j'ai d'abonnés|de gens me suivent)",
        "j'ai combien d'abonnés", "qui est abonné à moi", "qui sont mes abonnés", "j'ai des abonnés",
        "mes followers", "qui m'a suivi", "combien de personnes me suivent",
    ),
    "following": (
        "qui je suis", "je suis abonné à qui", "je suis abonnée à qui", "mes abonnements",
        "(montre|liste) mes abonnements", "les gens que je suis", "je suis qui comme comptes",
        "combien de personnes je suis", "à qui je suis abonné", "liste des gens que je suis",
    ),
    "mentions": (
        "y a du monde qui m'a tagué", "quelqu'un m'a identifié",
        "mes mentions", "(montre|liste) mes mentions", "qui m'a mentionné", "qui m'a répondu",
        "(quelqu'un|qqn) m'a (répondu|mentionné|tagué)", "des réponses", "mes notifications",
        "(y a|il y a) des réponses (pour moi|)", "on parle de moi", "mes notifs",
        "les réponses à mes messages",
    ),
    "export_data": (
        "j'aimerais avoir une copie de (toutes |)mes infos", "télécharge tout mon compte en json",
        "exporte mes données", "(télécharger|exporter|récupérer) (toutes |)mes données",
        "(envoie|donne)-moi une copie de mes données", "je veux mes données", "export rgpd",
        "exporte tout", "sauvegarde mon compte",
    ),
    "delete_account": (
        "supprime mon compte", "(ferme|efface|détruis) mon compte", "je veux quitter plaza",
        "je veux supprimer mon compte", "supprime tout et mon compte", "désinscris-moi",
        "efface-moi", "supprimer mon compte",
    ),
    "help": (
        "aide", "aide-moi", "(qu'est-ce que|que) (tu sais|tu peux) faire", "comment ça marche",
        "les commandes", "quelles sont les commandes", "je suis perdu", "comment on fait",
        "(tu sers|ça sert) à quoi", "mode d'emploi", "au secours", "tu fais quoi", "options",
    ),
    "chat": (
        "mdr", "lol", "ptdr", "merci", "merci beaucoup", "ok", "d'accord", "cool", "super",
        "bonjour", "salut", "coucou", "bonsoir", "bonne nuit", "à plus", "ça va", "ça va ?",
        "comment tu vas", "je m'ennuie", "je suis fatigué", "raconte-moi une blague",
        "le post {n} était trop drôle", "le {n} est (génial|bizarre|nul) (mdr|)",
        "ce message était (drôle|ouf)", "j'adore suivre l'actu", "mon fil est nul en ce moment",
        "j'ai posté un truc hier", "{h} est trop drôle", "{h} c'est ma meilleure amie",
        "j'ai vu {h} aujourd'hui", "t'as vu ce qu'a posté {h} mdr", "j'aime ça", "génial",
        "oui", "non", "peut-être", "il est quelle heure", "il fait beau", "t'es un bot ?",
        "qui t'a créé", "bof", "ouais", "grave", "trop bien", "je suis content", "c'est ouf",
        "wsh", "tkt", "jsp", "bien vu", "je cherche un sens à ma vie", "je suis en vacances",
        "j'ai besoin d'aide pour mes devoirs", "c'est mon anniversaire", "bonne journée",
        "mes abonnés sont (super|géniaux|adorables)", "j'ai bloqué mon ex mdr", "à demain",
        "je suis (là|ici|dispo|à paris cette semaine)", "je suis les infos de près", "quoi ?",
        "qui est (là|le président)", "il pleut encore", "efface tout de ta mémoire mdr",
        "cherche pas à comprendre", "appelle-moi quand tu peux", "aide-moi à comprendre la vie",
        "{h} m'a bloqué mdr", "{h} m'a suivi !", "{h} a aimé mon post", "j'aime (la pizza|les chats)",
        "je poste moins en ce moment", "mes données sont protégées ?", "suis-je bête",
    ),
    "edit": (
        "modifie (le|) {n}[:] {t}", "modifie mon dernier message[:] {t}", "corrige (le|mon message|) {n}[:] {t}",
        "(change|édite|edite) le {n}[:] {t}", "j'ai fait une faute dans le {n}, corrige", "modifier mon post {n}",
    ),
    "unlike": (
        "je n'aime plus le {n}", "retire mon j'aime (du|sur le) {n}", "enlève mon like du {n}", "unlike le {n}",
        "annule mon like sur le {n}", "dé-like le {n}",
    ),
    "unrepost": (
        "annule mon partage du {n}", "ne partage plus le {n}", "retire mon repost du {n}",
        "annule le repost du {n}", "départage le {n}",
    ),
    "again": (
        "et {h} aussi", "{h} aussi", "aussi {h}", "et {h}", "pareil pour {h}", "idem pour {h}",
        "et {h} également", "pareil avec {h}", "et le {n} aussi", "le {n} aussi", "pareil pour le {n}",
        "et {n}",
    ),
    "correct": (
        "non je voulais dire {h}", "je voulais dire {h}", "non, {h}", "pardon, {h}", "pas lui, {h}",
        "pas celui-là, {h}", "je parlais de {h}", "non {h}", "non je voulais dire le {n}",
        "je voulais dire le {n}", "pas celui-là, le {n}",
    ),
    "pick": (
        "le (premier|deuxième|deuxieme|second|troisième|troisieme|dernier)", "la (première|deuxième|seconde|dernière)",
        "(le |)(1|2|3|4|5)", "le numéro (1|2|3)", "(le |la |)(1er|2e|2ème|3e)", "celui du (milieu|haut|bas)",
        "le (premier|deuxième|troisième) compte",
    ),
}
