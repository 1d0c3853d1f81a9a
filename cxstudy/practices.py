"""After-sales practices in a sentence: channels, delays, outcome, remedies, churn, word of mouth.

Patterns are general Italian, Spanish and English vocabulary for each
codebook value (``data/codebook.yml``), not phrases lifted from the texts
they are evaluated on. Durations are found after number words are turned into
digits by ``text2num`` (``alpha2digit``), so "tre giorni", "siete meses" and
"two hours" read alike; a number counts as a delay only next to a time unit
and in a sentence that speaks of waiting or of something awaited, so prices,
dates, deadlines, counts, model numbers, ages ("5 months pregnant") and lead
times ("24 hours prior") never become delays. Compound durations ("1hr 7min")
add up; a lower bound ("6+ hours") counts as its number; an article counts as
one after a waiting cue or before "ago"/"later" ("a day ago"). What was awaited
is read from the duration's own clause first. Sentences are read one at a
time, except that the lines of a quoted dialogue take the channel of their
conversation from the post (:func:`extract_in_context`).

>>> extract_practices("Ho mandato tre email e un fax: dopo oltre tre mesi nessun tecnico mi ha chiamato.", "it")["delays"]
[{'days': 91.32, 'awaited': 'technician', 'span': '3 mesi'}]
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import cache

import pandas as pd
from text_to_num import alpha2digit

from cxstudy.brands import Gazetteer


def _compile(table: dict[str, str], whole_words: bool = False) -> dict[str, re.Pattern[str]]:
    """Case-insensitive patterns; with ``whole_words`` each matches only at word boundaries."""
    return {key: re.compile(rf"\b(?:{pattern})\b" if whole_words else pattern, re.IGNORECASE)
            for key, pattern in table.items()}


CHANNELS = _compile({
    "phone": r"\b(telefonat\w*|(al|per|por|en) tel[eé]fono|n[uú]mero (di|de) tel[eé]fono|assistenza telefonica|servizio telefonico|"
             r"(?<!altro )(?<!nuovo )(?<!cambiato )(?<!cambiare )(?<!cambiato l')(?<!mio )operator[ei](?! telefonic)|"
             r"chiamat[aoei]\w*|chiamar\w*|ho chiamato|numero verde|call ?cent(er|re|ro)|centralino|"
             r"(?<!linea )(?<!compagnia )(?<!operatore )telefonic[oa]|atenci[oó]n telef[oó]nica|llam(ar|ad[ao]s|ada|é|aron|o|e|arle|arme)\b|"
             r"(he|ha|han|hemos|hab[ií]a) llamado|(?<!my )(?<!watch )phone(?! number)\w*|telephon\w*|"
             r"(corporate|customer (service|care)|contact|service|help|L&F|lost and found|toll[- ]free|800) (number|line|#)|wait times?|"
             r"hangs? up|hanging up|elevator music|reach (a real person|a person|someone|anyone|an agent|a rep\w*)|"
             r"(customer|advantage|a) rep\b|(get|reach|connected to|speak to|talk to) (an?|the) (agent|rep\w*)\b|(speak|talk) (to|with) (anyone|someone|somebody)|"
             r"call(ed|ing)? (them|you|back|again|customer)|hotline|(on|put me on) hold|hold (music|time)|hung up|"
             r"hang up|disconnected|call ?backs?|reservations? line|1-?800|800 num\w*|picked up|(get|got|getting) through(?! the (whole|entire))|"
             r"(been|kept|keep|still|hours?|hrs?|minutes?|mins?) holding|holding for|"
             r"(talk|speak|spoke|speaking|talking) (to|with) (someone|somebody|an? (live |actual |real )?(person|human|rep|representative|agent))|"
             r"(got|get|getting) (a ?)?hold of|(wait\w* for (you|someone|them) to|to) pick up|#onhold|live person|transferr(ed|ing)\b|"
             r"reach (an? )?agent|reservations? agents?|queue times?|"
             r"in attesa al telefono|rang\b|call(s|ed|ing)?\b(?! it| out))",
    "email": r"\b(e-?mail(s|ed|ing)?|mails?|correos?( electr[oó]nicos?)?|posta elettronica)\b",
    "web_form": r"\b(forms?|modul[oi] (online|web|di contatto)|formulari[oa]s?|web ?forms?|online forms?|contact forms?|"
                r"submit(ted)? a (case|claim|complaint|request))\b"
                r"|\b(sito|website|p[aá]gina web|web site) (web )?(per|para|to) (contatt|contact|reclam|ped|chied|ordin)\w*",
    "chat": r"\b(chat\w*|whatsapp|messenger|live ?chat)\b",
    "certified_mail": r"\b(pec|posta certificata|raccomandat[ae]( a/?r| con ricevuta)?|burofax|registered mail|certified mail)\b",
    "fax": r"\bfax\w*\b",
    "letter": r"\b(letter[ae]|lettere|carta certificada|cartas? de reclamaci[oó]n|(?<!grade )letters?(?! grades?))\b",
    "in_person": r"\b(di persona|in persona|en persona|in person|sportello|al banco|counter|desk|gate agents?|at the gate|"
                 r"at the airport|(ticket|check[- ]?in|gate|airport|baggage|ground) (agents?|agts|reps?|staff|employees?|counter|people|dept\w*)|"
                 r"(staff|employees?|crew|csr|agents?|customer service) (at|in) (the )?(\w+ ){0,2}(airport|terminal|gate)|stood in ?line|in line at|line moved|"
                 r"en el mostrador|reception\w*|recepci[oó]n|recepcionista|front desk|portiere|conserje|dependient[ea]|commess[oa]|"
                 r"supervisors? at|agents? (at|in) [A-Z]{3}|(?-i:(agents?|reps?|staff|folks|people|employees|team) (@|at) ?[A-Z]\w*)|(wait\w*|stand\w*|stuck) in (\w+ ){0,2}lines?|"
                 r"\d+ (person|people) line|long lines|met with (an? )?agent|"
                 r"sono andat[oa] (in|al|dal)|(fui|fuimos) (al|a la|a recoger|a ver)|went to (the )?(store|shop|dealer|airport)|@ ?(the )?(airport|counter)|portato (la|l')\w* in officina|"
                 r"llev(é|e|ar|aron|amos|ado) (el coche|a reparar)|al taller|in officina|al concessionario|in negozio|tagliand[oi]|capofficina|"
                 r"jefe de taller|en (el|los) concesionarios?)\b",
    "social_media": r"\b(DM(s|ed|ing)?|direct message\w*|facebook|instagram|twitter|tweet(s|ed|ing)?|"
                    r"your (reply|response) here|follow(ed)? (me|back)|just followed|following you|(send|sent|sending) (you )?an? (private )?message|"
                    r"(thanks|thank you|thx) (so much )?for (the|your) (quick |fast |prompt |speedy |timely |kind |elaborate )?(reply|response|concern|link|follow[- ]?up|info\w*|apology)|"
                    r"social media|following now|followed(?!\s+\w)|follow (and|us)|sent (it|it over|it to you|your way)|reply to me|(pm|message) me|"
                    r"thanks for (responding|following up|the (update|explanation|follow[- ]?up))|(prompt|canned) (and helpful )?(response|replies|reply)|"
                    r"SM response|robotweet\w*|"
                    r"response time|(just )?messaged you|help me (on )?here|messaggio privato|mensaje privado)\b"
                    r"|@\w+:\s*@\w+",
})

UNIT_DAYS = [
    (r"minut[oi]|minutos?|minutes?|mins?", 1 / 1440),
    (r"or[ae]|horas?|hours?|hrs?|h", 1 / 24),
    (r"giorn[oi]|gg|d[ií]as?|days?", 1.0),
    (r"settiman[ae]|semanas?|weeks?|wks?", 7.0),
    (r"mes[ei]?|meses|months?|mths?", 30.44),
    (r"ann[oi]|años?|years?", 365.25),
]
UNIT = "|".join(f"(?:{u})" for u, _ in UNIT_DAYS)
HALF = r"(?:and a half|e mezz[oa]|y medi[oa])"
COUPLE = re.compile(r"\b(un paio di|a couple of|un par de)\b", re.IGNORECASE)
# A number (digits may touch the unit: "40min", "1hr", "24h"; "un'ora"; a lower bound: "6+ hours"), an optional
# half before or after the unit ("2 and a half hours", "un'ora e mezza"), and an optional smaller part
# ("1hr 7min", "2 hour and 45 minute").
DURATION = re.compile(
    rf"\b(?:(?P<number>\d+(?:[.,]\d+)?)\+?\s*|(?P<word>un'|(?:un|una|uno|a|an|one|another|otr[oa])\s+))"
    rf"(?P<half_before>{HALF}\s+)?"
    rf"(?:(?:more|plus|pi[uù]|m[aá]s|full|whole|straight|solid|entire|interi|long|lunghi|largos)\s+)?(?P<unit>{UNIT})\b"
    rf"(?:\s+(?P<half_after>{HALF}))?(?:\s*(?:,|and|e|y)?\s*(?P<number2>\d+)\s*(?P<unit2>{UNIT})\b)?",
    re.IGNORECASE,
)
# "da 15 anni", "desde hace años", "for the past 3 years": how long a state has lasted, not a wait;
# "termine di 3 giorni", "plazo de 15 días", "a deadline of 5 days": a deadline set, not a wait.
# "my 30 years of flying", "i miei 20 anni": the writer's own time as a customer, not a wait.
# "2nd time in 2 weeks": the window of a count; "only have 24 mins", "need an extra 5 min": time left or needed.
NOT_A_WAIT = re.compile(r"\b(da|for the (last|past)|hace|desde hace|termine( ultimo)? di|scadenza di|plazo( m[aá]ximo)? de|"
                        r"deadline of|my|our|mis|nuestros|miei|nostri|"
                        r"(\d+(st|nd|rd|th)|second|third|fourth|fifth)\s+(\w+\s+){0,2}in(\s+the)?(\s+(last|past))?|"
                        r"(only|just)\s+(have|had|has)|(have|had|has)\s+(only|just)|need(s|ed)?(\s+an?)?(\s+(extra|more|another))?)"
                        r"\s+((oltre|pi[uù] di|over|more than|m[aá]s de)\s+)?$",
                        re.IGNORECASE)
# "5 months pregnant", "a 2 years old car": an age; "24 hours prior", "2 hours earlier": a lead time; not waits.
NOT_A_WAIT_AFTER = re.compile(r"^\s*(old|pregnant|incinta|embarazada|de edad|di et[aà]|de vida|di vita|"
                              r"prior|before|earlier|in advance|prima|antes|de antelaci[oó]n|di anticipo)\b", re.IGNORECASE)
# "un giorno", "one day", "a year", "another hour": an article as the number counts only right after a waiting
# cue, or right before "ago", "later", "after" or a delay ("a day ago", "un mes más tarde", "another hour delay").
ARTICLE_CUE = re.compile(r"\b(in|entro|dopo|per|almeno|quasi|circa|within|after|for|over|at least|than|about|around|almost|"
                         r"nearly|delayed|wait|waited|waiting|spent|wasted|lost|losing|take|takes|took|aspettat\w*|atteso|esper[eé]\w*|"
                         r"en|tras|durante|al menos|m[aá]s de|casi|al cabo de)\s+$",
                         re.IGNORECASE)
ARTICLE_CUE_AFTER = re.compile(r"^\s*(ago|later|after|fa|dopo|pi[uù] tardi|despu[eé]s|m[aá]s tarde|delay\w*|ritard\w*|retras\w*)\b",
                               re.IGNORECASE)
# What a wait was for: the first kind named in the duration's clause, else in the sentence. First match
# wins: the more specific expectations come first, and a reply (on hold, reaching a person) before the
# baggage or flight it was about.
AWAITED = _compile({
    "reconnection": r"riattiv\w*|riallacci\w*|reconnect\w*|reconex\w*|linea (tagliata|staccata|bloccata)|distacco",
    "refund": r"rimbors\w*|reembols\w*|refund\w*|money back",
    "parts": r"pezz[io]\w*|ricambi\w*|piezas?|recambios?|spare parts?",
    "technician": r"tecnic[oi]\w*|t[eé]cnicos?|technician\w*|engineer",
    "repair": r"ripar\w*|repar\w*|aver[ií]as?|guast\w*|fix(ed)?|taller|officina|workshop",
    "reply": r"rispost\w*|rispond\w*|respuest\w*|contest\w*|reply|replies|respon\w*|answer\w*|hear back|richiam\w*|ricontatt\w*|on hold|hold(ing| time)?|"
             r"(speak|talk|spk)\w* (to|with)|get through|reach (a|an|someone|anyone)|picked up|call ?back|wait times?|"
             r"on the phone|(real|live|actual) person|al telefono|al tel[eé]fono",
    "baggage": r"bag(s|gage)?|luggage|bagagl\w*|maletas?|equipaje",
    "flight": r"flights?|fl(y|ight)|delay(ed)?|late|volo|vuelos?|tarmac|runway|gate|boarding",
    "delivery": r"consegn\w*|recapitat\w*|spedizion\w*|arriv\w*|entreg\w*|env[ií]o|deliver\w*|shipp\w*|package|pacco|plico",
}, whole_words=True)
WAITING = re.compile(r"\b(attes[ao]|aspett\w*|wait\w*|on hold|hold(ing| time)|esper\w*|ritardo|retras\w*|ancora|todav[ií]a|still|"
                     r"dopo|entro|oltre|after|within|over|later|tard\w*|lleva|passano|passat[io]|trascors\w*|pasaron|"
                     r"transcurri\w*|al cabo|nach|fa\b|ago\b|hace|stranded|stuck|sitting|sat|sit|trying|it'?s been|it has been)\b", re.IGNORECASE)

REMEDIES = _compile({
    "apology": r"\b(scus[ae]\w*|si (è|e') scusat\w*|disculp\w*|perd[oó]n\w*|apolog\w*|sorry)\b",
    "free_replacement": r"\b(pezz[io]|ricambi|parts?|piezas?|recambios?|plico|pacco)\b.{0,60}\b(gratis|gratuit\w*|for free|free of charge|sin coste|sin cargo|senza costi)\b"
                        r"|\b(gratis|gratuit\w*|for free|free of charge|sin coste|sin cargo|senza costi)\b.{0,60}\b(pezz[io]|ricambi|parts?|piezas?|recambios?|plico|pacco)\b"
                        r"|\b(sostitu\w*|replacement|replaced|nuov[oa] (prodotto|pezzo)|sustitu\w*(?! de)|(me|nos) (env[ií]|mand)\w* otr[oa]|sent (me|us) a new)\b",
    "refund": r"\b(rimbors\w*|reembols\w*|refund(ed|s)?(?! (request|department|dept|policy))|money back|devoluci[oó]n del dinero)\b",
    "repair": r"\b(riparat\w*|riparazione|reparad\w*|reparaci[oó]n|repar[oó]|repararon|repaired|fixed (it|the)|hanno risolto)\b",
    "compensation": r"\b(risarciment\w*|indennizz\w*|compensa\w*|vouchers?|coupons?|travel credits?|credits|\d[\d,.]* (bonus )?miles|"
                    r"buono sconto|rimborso spese|(gave|got|giving|offered) (me |us )?(an? )?(free |complimentary )?upgrade|make up for|"
                    r"(made|make|making) good on|credit(?! card)|offered\b.{0,30}\b(water|drinks?|snacks?|food|meals?|hotel))\b",
})
# A remedy asked for, hoped for, refused, or the writer's own ("my apologies", "sorry, I ...") is no remedy.
NOT_A_REMEDY = re.compile(r"(\b(no|not|never|zero|\w+n['’]t|(do|does|did|is|was|wo|ca)nt|mai|non|nunca|without|nessun\w*|senza|sin|ning[uú]n\w*|hop(e|ing) for|want(ed)?|ask(ed)? for|"
                          r"request(ed)?|refus\w*|den(y|ied|ies)|retract\w*|chied\w*|chiesto|ped[ií]\w*|waiting for|where is|dov'è|my|i'?m|i am|our|"
                          r"please|would|like|get|how|need|could|can|eligible|should|will|going to|neanche|nemmeno|ni|pay to|purchase|buy)\W+(\w+\W+){0,2}|"
                          r"^\W*(@\w+\W+)*)$", re.IGNORECASE)
# English sentences that ask for, expect or wonder about a remedy ("Connect me with a voucher", "I'll be expecting a
# credit", "Do you compensate for this?"), or speak of the customer's own credit or miles (using, redeeming, losing
# them), or of other airlines' remedies: no remedy in them. "sorry" is the writer's when they feel it, are
# sorry themselves or go on to their own clause ("sorry, I thought", "sorry but I won't").
REMEDY_ASKED = re.compile(r"\?|\b(would|could|should|(can|may) (i|we|you)|please|pls|plz|(i|we|i'?d|we'?d) (want|need|expect\w*|hope|wish|"
                          r"demand|like)|(be )?expecting|hop(e|es|ing|efully)|how about|what about|(send|connect|get) (me|us)|give (me|us) back|"
                          r"deserve\w*|entitled|eligible|owe (me|us)|feel free)\b", re.IGNORECASE)
OWN_CREDIT = re.compile(r"\b(us(e|ed|ing)|redeem\w*|expir\w*|apply|transfer\w*|(lost|lose|losing) (a|my|over|\d)|forfeit\w*|remov\w*|"
                        r"status|account|(credit|travel) ?bank|card|mastercard|amex|other airlines)\b", re.IGNORECASE)
WRITERS_SORRY = re.compile(r"\b(feel|than|i'?m|i am) sorry\b|\bsorry\s*[,.!;:-]+\s*(i|i'?m|but|if)\b|\bsorry (but|if|too)\b",
                           re.IGNORECASE)
ENGLISH_REMEDY = re.compile(r"\b(sorry|apolog\w*|vouchers?|coupons?|credits?|miles|compensat\w*|refund\w*|upgrade|replacement)\b",
                            re.IGNORECASE)
RESOLVED = re.compile(r"\b(risolt[oaie]|risolto|hanno risolto|sistemat[oa]|resuelt[oa]|solucionad[oa]|resolved|fixed|"
                      r"sorted( it)? out|took care of|arrivat[oa]|è arrivato|lleg[oó]|arrived|problem solved)\b", re.IGNORECASE)
# A negation followed within a few words by the service that did not happen, or "still ..." waiting.
UNRESOLVED = re.compile(
    r"\b(mai|never|nessun\w*|nadie|nobody|no one|non|no|not|nunca|ning[uú]n\w*)\b\W+(?:\w+\W+){0,4}?"
    r"(risolt\w*|rispost\w*|rispond\w*|chiamat\w*|richiamat\w*|contattat\w*|arrivat\w*|ricevut\w*|riattivat\w*|"
    r"sistemat\w*|resuel\w*|respond\w*|contest\w*|llam\w*|lleg\w*|solucion\w*|resolved|fixed|answer\w*|"
    r"call(ed)?\b|repl\w*|arriv\w*|heard|help\w*)"
    r"|\b(ancora (non|nessun\w*)|still (no|not|waiting|haven'?t|on hold|stuck)|todav[ií]a no|sin (respuesta|soluci[oó]n)|"
    r"no (answer|response|reply)|unresolved|cancel+ed)\b",
    re.IGNORECASE,
)
NEGATED_RESOLUTION = re.compile(r"\b(non|no|not|never|mai)\b[^.!?]{0,25}\b(risolt\w*|resuel\w*|resolved|fixed|arrivat\w*|arrived)",
                                re.IGNORECASE)
CHURN = re.compile(
    r"\b(passer[oòóa]\w* a|cambier[oò] (marca|operatore|gestore|compagnia)|cambiare (marca|operatore|gestore)|"
    r"(un|di un)['’ ]?altra (marca|azienda|compagnia)|non (comprer|acquister)\w* pi[uù]|mai pi[uù]|disdett\w*|disdir\w*|"
    r"perdere (un|il) cliente|perder (a )?un cliente|perdido (a )?(un|\d+) (\w+ ){0,2}clientes?|"
    r"non (ci )?torner\w*|(andr|trascorr|dormir|alloggi|prenot)\w* altrove|(cambiato|passat[oa] ad? un altr[oa]) (operatore|gestore|marca)|"
    r"(me|nos) pas(é|e|amos) (de \w+ )?a|"
    r"me (cambio|cambiar[eé]) a|cambiar(me)? de (compa[nñ][ií]a|marca|operador|concesionario)|nunca m[aá]s|no volver[eé]|"
    r"irse a otro|fue a otro|tuvo que irse|(?-i:switch(?:ing|ed)? (?:over )?to @?[A-Z]\w*)|never (have to |ever )?(fly|flying|travel\w*|again|use|using|book|booking)|"
    r"won'?t (fly|be flying|use|be using|book)|(last|final) time i (fly|flew|use)|"
    r"(us(e|ing)|fly(ing)?|book(ing)?|try(ing)?|switch\w*|choos\w*|go(ing)? (to|with)|be (on|with)|w/ ?) (a|another|other) (different )?(airline|carrier)s?|"
    r"(travel|fly|go)\w* with someone else|switch\w* back to|go(ing)? with @\w+|(this is )?why i fly @\w+|"
    r"(we'?re|we are|i'?m|i am) done (flying|with (you|them))|(first|1st) (and|&amp;|&) (only|last) time|your loss,? (their|our) gain|"
    r"do business with (you|them|@?\w+) again|not want to fly|avoid (you|them)\b|"
    r"(plenty of|so many|lots of) other airlines|(avoid|reconsider)\w* (\w+ )?(airline|future flights|flying)|"
    r"(getting|get|have|lose|lost|losing|give|giving|take|taking) (you |them )?(all )?((my|our) )?business|lost (\d+ )?customers|move (away )?from @?\w+|"
    r"(year|time|break) off from (flying|you)|"
    r"fly(ing)? (with )?@?\w+ instead|(never|not|\w+n['’]t|doubt\w*)\W+([^.!?]{0,30}\W)?fly(ing)? (with )?@?\w+ ((or|and|&amp;) @?\w+ (\w+ )?)?again|don'?t make me fly|"
    r"cancel+(ed|ing)? my (account|membership|subscription|card)|(lost|lose|losing|loosing) (a|one|another) (loyal )?customer|find another airline|"
    r"stop (flying|using|booking)|will not (fly|book|use)|stick(ing)? (to|with) ((\w+ )?(other|another|different) airlines?|@\w+)|airlines other than|should have (picked|flown|booked|gone with|chosen)|"
    r"(booked|book|booking) (another|a) (flight|ticket)? ?(w/ ?|with )(someone|somebody) else)\b"
    r"|(?-i:#go[A-Z]\w+)|#\w+anyone\b|#shouldhave\w+|#switching\w*|#lostmybusiness|#(will)?never(again|fly|flying|book|use|using|return)\w*|#nomore\w+|#backto\w+|#last(flight|time)\w*|\$[\d.,]+k? you (just )?lost\b",
    re.IGNORECASE,
)
WORD_OF_MOUTH = re.compile(
    r"\b(passaparola|ne scriver[oò]|scriver[oò] (un libro|sul blog|su diversi blog|una recensione)|scrivern\w*|"
    r"non scriver[oò]|amici e conoscenti|parlare (bene|male) d\w*|parler[oò] (bene|male)|consiglier\w*|sconsiglier\w*|"
    r"boca a boca|(crear|dar|tener) (la )?(mala )?fama|recomendar[eé]\w*|se lo contar[eé]|"
    r"tell (everyone|all my friends|my friends|people|others)|(?<!by )word of mouth|spread the word|#spreadtheword|#telleveryone|"
    r"(highly|definitely|always|not|never|n['’]t) recommend\w*|recommend\w* (you|them|it|@\w+|\w+ (airlines?|air|airways)) to|"
    r"recommend\w* (\w+ )?to (all|everyone|anyone|friends|others|people)|beware|(do not|don['’]?t) fly\b|#dontfly\w*|"
    r"share (this|my|our) (\w+ )?(story|experience|nightmare)|put (it|this) on blast|suggest others|read all about it|"
    r"@(cnn|foxnews|nbcnews|abc|cbsnews|\w*bbb)\b|"
    r"make fun of|warn(ing)? (everyone|others|people|you all)|(review|reseña|recensione) (on|en|su)|"
    r"write (a|an) (post|review|blog\w*|article)|(tweet|post|blog|rant)(ing)? about (you|this|it|my|the)|retweet|live tweet|"
    r"keep in mind if|cuidad(o|[ií]n)|ojo con|(os|vi|ve lo|te lo) (recomiendo|consiglio|sconsiglio)|informando en)\b",
    re.IGNORECASE,
)
WORD_OF_MOUTH_POSITIVE = re.compile(r"\b(parlare bene|parler[oò] bene|consiglier\w*|recomendar[eé]|recommend(?!ed)\w*|"
                                    r"positiv\w*)\b", re.IGNORECASE)
WORD_OF_MOUTH_NEGATIVE = re.compile(r"\b(male|sconsigli\w*|mala fama|quejas|never recommend|not recommend|penalizz\w*|contro|"
                                    r"negativ\w*|beware|make fun|warn\w*|rant|cuidad\w*|ojo|(do not|don['’]?t) fly|dontfly\w*|on blast|nightmare)\b",
                                    re.IGNORECASE)


def _unit_days(unit: str) -> float:
    return next(days for pattern, days in UNIT_DAYS if re.fullmatch(pattern, unit, re.IGNORECASE))


def _days(match: re.Match[str]) -> float:
    """Days in a DURATION match: number (1 for a word), plus a half, times the unit, plus the smaller part."""
    number = float(match.group("number").replace(",", ".")) if match.group("number") else 1.0
    number += 0.5 if match.group("half_before") or match.group("half_after") else 0.0
    days = number * _unit_days(match.group("unit"))
    if match.group("number2"):
        days += float(match.group("number2")) * _unit_days(match.group("unit2"))
    return round(days, 2)


CLAUSE = re.compile(r"[.;!?]+\s|\s[-–]\s|&amp;|\band\b")


def _clause_around(text: str, start: int) -> str:
    """The clause of ``text`` that the character at ``start`` is in."""
    return CLAUSE.split(text[:start])[-1] + CLAUSE.split(text[start:], maxsplit=1)[0]


def _awaited(text: str) -> str | None:
    """The first AWAITED kind the text speaks of, if any."""
    return next((name for name, pattern in AWAITED.items() if pattern.search(text)), None)


def find_delays(text: str, lang: str) -> list[dict]:
    """Waiting times in days, with what was awaited and the words that say it."""
    language = lang if lang in {"it", "es", "en"} else "en"
    # Number words from two up become digits; "un"/"a"/"one" stay words, read as 1 only after a waiting cue.
    digits = alpha2digit(COUPLE.sub("2", text), language, threshold=2)
    awaited = _awaited(digits)
    found = []
    for match in DURATION.finditer(digits):
        before, after = digits[: match.start()], digits[match.end():]
        if NOT_A_WAIT.search(before) or NOT_A_WAIT_AFTER.search(after):
            continue
        if match.group("word") and not (ARTICLE_CUE.search(before) or ARTICLE_CUE_AFTER.search(after)):
            continue
        if awaited is None and not WAITING.search(digits):
            continue
        in_clause = _awaited(_clause_around(digits, match.start()))
        found.append({"days": _days(match), "awaited": in_clause or awaited or "other",
                      "span": match.group(0).strip()})
    return found


def find_channels(text: str) -> list[str]:
    """Contact channels named, in codebook order."""
    return [name for name, pattern in CHANNELS.items() if pattern.search(text)]


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` (up to and with its closing ``.``, ``!`` or ``?``) that holds ``text[start:end]``."""
    opening = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    closing = re.search(r"[.!?\n]+|$", text[end:])
    return text[opening:end + closing.end()]


def _remedy_given(text: str, match: re.Match[str]) -> bool:
    """Whether a remedy word names a remedy the company gave: not asked for ("Credit?"), hoped for, negated, or the
    writer's own (an opening "Sorry," or "my apologies"), and, for an English remedy word matched alone ("sorry",
    "voucher", "credits"; not "2,000 miles" or "offered us water"), not in a sentence that asks for one, speaks of the
    customer's own credit or miles, or is the writer being sorry."""
    if NOT_A_REMEDY.search(text[:match.start()]) or text[match.end():].lstrip().startswith("?"):
        return False
    if not ENGLISH_REMEDY.fullmatch(match.group(0)):
        return True
    sentence = _sentence_around(text, match.start(), match.end())
    if match.group(0).lower() == "sorry" and WRITERS_SORRY.search(sentence):
        return False
    return not REMEDY_ASKED.search(sentence) and not (match.group(0).lower() != "sorry" and OWN_CREDIT.search(sentence))


def find_remedies(text: str) -> list[str]:
    """Remedies the company gave, in codebook order (see :func:`_remedy_given`)."""
    return [name for name, pattern in REMEDIES.items() if any(_remedy_given(text, match) for match in pattern.finditer(text))]


def find_outcome(text: str) -> str:
    """resolved, unresolved, or unclear (when the sentence says neither)."""
    if NEGATED_RESOLUTION.search(text) or UNRESOLVED.search(text):
        return "unresolved"
    return "resolved" if RESOLVED.search(text) else "unclear"


@cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


def find_churn(text: str) -> dict:
    """Whether the customer leaves or will leave, and for which rival (a gazetteer brand) if named:
    the first brand after the churn words ("passerò a Fastweb", "me pasé de Vodafone a Movistar"),
    else one inside them ("never flying @Delta again")."""
    match = CHURN.search(text)
    if not match:
        return {"present": False, "rival": None}
    brands = _gazetteer()
    after = brands.mentions(text[match.end():]) or brands.mentions(text[match.start():])
    return {"present": True, "rival": next(iter(after), None)}


def find_word_of_mouth(text: str) -> dict:
    """Whether the customer tells or threatens to tell others, and with what polarity."""
    if not WORD_OF_MOUTH.search(text):
        return {"present": False, "polarity": None}
    if WORD_OF_MOUTH_NEGATIVE.search(text):
        return {"present": True, "polarity": "negative"}
    return {"present": True, "polarity": "positive" if WORD_OF_MOUTH_POSITIVE.search(text) else None}


def mentioned(value: list | dict) -> bool:
    """Whether a practice field's value says yes: a non-empty list (channels, delays, remedies) or
    churn or word of mouth present.

    >>> mentioned(["phone"]), mentioned([]), mentioned({"present": True, "rival": None})
    (True, False, True)
    """
    return bool(value["present"]) if isinstance(value, dict) else bool(value)


def extract_practices(text: str, lang: str) -> dict:
    """Every practice field of the codebook for one sentence."""
    return {"channels": find_channels(text), "delays": find_delays(text, lang), "outcome": find_outcome(text),
            "remedies": find_remedies(text), "churn": find_churn(text), "word_of_mouth": find_word_of_mouth(text)}


# A line of a quoted dialogue: a speaker tag ("D", "R", "Io:", "Operatore:") or an opening quote first.
SPEAKER = r"(?:[DRQPC](?=\s+[A-Z\"“«])|(?:Io|Lei|Yo|Usted|Me|Agente?|Operat\w*|Cliente?)(?=\s*:))\s*:?\s*"
DIALOGUE_LINE = re.compile(rf"^\s*(?:{SPEAKER}|[\"“«])")
QUOTE_OPENS = re.compile(rf"^\s*(?:{SPEAKER})?[\"“«]")
QUOTE_CLOSES = re.compile(r"[\"”»]\W*$")
LIVE_CHANNELS = ("phone", "chat", "in_person")  # channels of a conversation a dialogue can report


def extract_in_context(texts: Sequence[str], langs: Sequence[str], posts: Sequence[Hashable]) -> list[dict]:
    """Every practice field for each sentence, reading the sentences of each post (``posts``
    names it; its sentences in reading order) together: lines of a quoted dialogue also carry
    the channel of the conversation they report, named just before it or in an earlier line
    (codebook 1.1: a contact's channel is taken from the post when the line does not name it).

    >>> lines = ["Ho chiamato il numero verde.", 'D "Perché avete tagliato la linea?', 'Lo sapete che ne scriverò?"',
    ...          'R "Faccia come le pare".', "Il giorno dopo sono passato a Fastweb."]
    >>> [p["channels"] for p in extract_in_context(lines, ["it"] * 5, [0] * 5)]
    [['phone'], ['phone'], ['phone'], ['phone'], []]
    """
    fields = [extract_practices(text, lang) for text, lang in zip(texts, langs)]
    rows: dict[Hashable, list[int]] = {}
    for i, post in enumerate(posts):
        rows.setdefault(post, []).append(i)
    for post_rows in rows.values():
        _dialogue_channels([texts[i] for i in post_rows], [fields[i] for i in post_rows])
    return fields


def extract_table(sentences: pd.DataFrame) -> list[dict]:
    """:func:`extract_in_context` over a table of sentences (``text``, ``lang``, ``post``, ``sentence``) in
    any order, each post read in sentence order; one dict per row of the table, in its order."""
    reading = sentences.reset_index(drop=True).sort_values(["post", "sentence"], kind="stable")
    fields = extract_in_context(reading["text"].tolist(), reading["lang"].tolist(), reading["post"].tolist())
    return pd.Series(fields, index=reading.index, dtype=object).sort_index().tolist()


def _dialogue_channels(texts: list[str], fields: list[dict]) -> None:
    """Give the lines of a quoted dialogue in one post the channel of their conversation (in place)."""
    conversation: list[str] = []
    inside_quote = False
    for text, found in zip(texts, fields):
        line = inside_quote or bool(DIALOGUE_LINE.match(text))
        if line and conversation:
            found["channels"] = [c for c in CHANNELS if c in found["channels"] or c in conversation]
        live = [c for c in found["channels"] if c in LIVE_CHANNELS]
        conversation = live or (conversation if line else [])
        inside_quote = (inside_quote or bool(QUOTE_OPENS.match(text))) and not QUOTE_CLOSES.search(text)


def aggregate_practices(sentences: list[dict]) -> dict:
    """A post's practices from its sentences' (in order): unions of channels and remedies, every
    delay (with its sentence), the last outcome stated, churn and word of mouth if any sentence has them."""
    stated = [s["outcome"] for s in sentences if s["outcome"] != "unclear"]
    churn = [s["churn"] for s in sentences if s["churn"]["present"]]
    word_of_mouth = [s["word_of_mouth"] for s in sentences if s["word_of_mouth"]["present"]]
    return {
        "channels": list(dict.fromkeys(c for s in sentences for c in s["channels"])),
        "delays": [{**d, "sentence": s["sentence"]} for s in sentences for d in s["delays"]],
        "outcome": stated[-1] if stated else "unclear",
        "remedies": list(dict.fromkeys(r for s in sentences for r in s["remedies"])),
        "churn": {"present": bool(churn), "rival": next((c["rival"] for c in churn if c["rival"]), None)},
        "word_of_mouth": {"present": bool(word_of_mouth),
                          "polarity": next((w["polarity"] for w in word_of_mouth if w["polarity"]), None)},
    }
