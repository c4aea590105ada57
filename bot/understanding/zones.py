"""Places and abbreviations people name, mapped to IANA time zones.

People say "Paris time", "I live in Tokyo", "PST", "heure de Montréal" or type
"Europe/Paris" outright. The table below covers common cities, countries that
fit in one zone, and the usual abbreviations, in English and French (folded:
lower case, no accents). Countries spanning several zones (the US, Canada,
Russia, Brazil, Australia) are left out on purpose: guessing one would be wrong
for most of their people, so they must name a city.

Zone names typed directly are accepted without a lookup (reading the system's
zone list would be I/O); storage refuses any that do not exist.
"""

from __future__ import annotations

import re

_TABLE = """
Europe/Paris: paris, france, lyon, marseille, toulouse, bordeaux, lille, nantes, nice,
  strasbourg, montpellier, rennes, grenoble, cet, cest, central european time, heure de paris,
  monaco, heure francaise
Europe/London: london, londres, uk, united kingdom, royaume-uni, royaume uni, england,
  angleterre, great britain, grande-bretagne, britain, scotland, ecosse, edinburgh,
  edimbourg, manchester, bst, wales
Europe/Dublin: dublin, ireland, irlande
Europe/Brussels: brussels, bruxelles, belgium, belgique, liege, antwerp, anvers
Europe/Zurich: zurich, geneva, geneve, lausanne, bern, berne, switzerland, suisse
Europe/Berlin: berlin, munich, hamburg, frankfurt, cologne, germany, allemagne
Europe/Madrid: madrid, barcelona, barcelone, spain, espagne, seville, valencia
Europe/Lisbon: lisbon, lisbonne, porto, portugal, wet, west
Europe/Rome: rome, milan, naples, turin, florence, italy, italie
Europe/Amsterdam: amsterdam, rotterdam, netherlands, pays-bas, pays bas, holland, hollande
Europe/Luxembourg: luxembourg
Europe/Vienna: vienna, vienne, austria, autriche
Europe/Prague: prague, czechia, czech republic, tchequie
Europe/Warsaw: warsaw, varsovie, krakow, cracovie, poland, pologne
Europe/Stockholm: stockholm, sweden, suede
Europe/Oslo: oslo, norway, norvege
Europe/Copenhagen: copenhagen, copenhague, denmark, danemark
Europe/Helsinki: helsinki, finland, finlande
Europe/Athens: athens, athenes, greece, grece, eet, eest
Europe/Bucharest: bucharest, bucarest, romania, roumanie
Europe/Budapest: budapest, hungary, hongrie
Europe/Istanbul: istanbul, ankara, turkey, turquie
Europe/Kyiv: kyiv, kiev, ukraine
Europe/Moscow: moscow, moscou, msk
Atlantic/Reykjavik: reykjavik, iceland, islande
Africa/Casablanca: casablanca, rabat, marrakech, morocco, maroc
Africa/Algiers: algiers, alger, algeria, algerie
Africa/Tunis: tunis, tunisia, tunisie
Africa/Dakar: dakar, senegal
Africa/Abidjan: abidjan, ivory coast, cote d'ivoire
Africa/Lagos: lagos, abuja, nigeria, kinshasa
Africa/Cairo: cairo, le caire, egypt, egypte
Africa/Nairobi: nairobi, kenya
Africa/Johannesburg: johannesburg, cape town, le cap, south africa, afrique du sud
Asia/Jerusalem: jerusalem, tel aviv, israel
Asia/Dubai: dubai, abu dhabi, uae, emirates, emirats
Asia/Riyadh: riyadh, saudi arabia, arabie saoudite
Asia/Tehran: tehran, teheran, iran
Asia/Karachi: karachi, lahore, islamabad, pakistan
Asia/Kolkata: mumbai, bombay, delhi, new delhi, bangalore, bengaluru, kolkata, calcutta,
  chennai, hyderabad, india, inde, ist
Asia/Dhaka: dhaka, bangladesh
Asia/Bangkok: bangkok, thailand, thailande
Asia/Ho_Chi_Minh: ho chi minh city, saigon, hanoi, vietnam
Asia/Singapore: singapore, singapour, sgt
Asia/Kuala_Lumpur: kuala lumpur, malaysia, malaisie
Asia/Jakarta: jakarta
Asia/Manila: manila, manille, philippines
Asia/Hong_Kong: hong kong, hkt
Asia/Shanghai: shanghai, beijing, pekin, shenzhen, china, chine
Asia/Taipei: taipei, taiwan
Asia/Seoul: seoul, korea, south korea, coree, coree du sud, kst
Asia/Tokyo: tokyo, osaka, kyoto, japan, japon, jst
Australia/Sydney: sydney, canberra, aest, aedt
Australia/Melbourne: melbourne
Australia/Brisbane: brisbane
Australia/Adelaide: adelaide, acst
Australia/Perth: perth, awst
Pacific/Auckland: auckland, wellington, new zealand, nouvelle-zelande, nouvelle zelande,
  nzst, nzdt
Pacific/Honolulu: honolulu, hawaii, hst
Pacific/Tahiti: tahiti, papeete, polynesie
Pacific/Noumea: noumea, nouvelle-caledonie, nouvelle caledonie
Indian/Reunion: reunion, la reunion, saint-denis de la reunion
America/Martinique: martinique, fort-de-france
America/Guadeloupe: guadeloupe, pointe-a-pitre
America/Cayenne: cayenne, guyane, french guiana
America/New_York: new york, nyc, new york city, boston, washington, washington dc, miami,
  atlanta, philadelphia, philadelphie, detroit, est, edt, eastern, eastern time, et,
  east coast, cote est
America/Toronto: toronto, ottawa
America/Montreal: montreal, quebec
America/Halifax: halifax, ast, adt
America/Chicago: chicago, dallas, houston, austin, new orleans, la nouvelle-orleans,
  minneapolis, cst, cdt, central, central time, ct
America/Denver: denver, salt lake city, mst, mdt, mountain, mountain time, mt
America/Phoenix: phoenix, arizona
America/Los_Angeles: los angeles, la, san francisco, sf, seattle, portland, las vegas,
  san diego, pst, pdt, pacific, pacific time, pt, west coast, cote ouest, california,
  californie
America/Vancouver: vancouver
America/Anchorage: anchorage, alaska, akst
America/Mexico_City: mexico city, mexico, mexique
America/Bogota: bogota, colombia, colombie
America/Lima: lima, peru, perou
America/Santiago: santiago, chile, chili
America/Argentina/Buenos_Aires: buenos aires, argentina, argentine
America/Sao_Paulo: sao paulo, rio, rio de janeiro, brasilia
UTC: utc, gmt, zulu, universal time, temps universel
"""

ZONES: dict[str, str] = {
    name.strip(): zone
    for zone, names in re.findall(r"^([\w/]+):((?:.|\n  )+)$", _TABLE, re.M)
    for name in names.replace("\n", " ").split(",")
}

_LEADING = re.compile(r"(?:the|le|la|l'|les|de|d'|du|in|a|en|au|aux|heure de|heure d')\s*")
_IANA = re.compile(
    r"(?:africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|etc|"
    r"us|canada|brazil|mexico|chile)"
    r"(?:/[a-z0-9_+-]+){1,2}"
)
_OFFSET = re.compile(r"(?:utc|gmt)\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?00)?")
# Shaped like a zone name without being one ("Mars/Olympus", "UTC+25"): passed on as typed,
# for storage to refuse by name rather than Plaza pretending it heard no zone at all.
_ZONE_LIKE = re.compile(r"[a-z]+(?:/[a-z0-9_+-]+){1,2}|(?:utc|gmt)\s*[+-]\s*\d{1,3}(?::?\d\d)?")
_LOWER_WORDS = frozenset({"au", "es", "of", "de", "del", "da"})


def _iana_case(name: str) -> str:
    """ "america/port-au-prince" -> "America/Port-au-Prince", the way tzdata spells it."""
    if name.startswith(("etc/gmt", "etc/utc")):
        return "Etc/" + name[4:].upper()
    if name.startswith("us/"):
        return "US" + _iana_case("x" + name[2:])[1:]
    words = re.split(r"([/_-])", name)
    return "".join(
        w if w in _LOWER_WORDS and i > 2 else w.capitalize()
        for i, w in enumerate(words)
    )


def zone_named(low: str, original: str) -> str | None:
    """The IANA zone for a place or zone name (`low` folded, `original` as typed)."""
    low, original = low.strip(), original.strip()
    if match := _LEADING.match(low):
        cut = match.end()
        if low[cut:] in ZONES or _IANA.fullmatch(low[cut:]):
            low, original = low[cut:], original[cut:]
    low = " ".join(low.split())
    if low in ZONES:
        return ZONES[low]
    if _IANA.fullmatch(low):
        return original if original != original.lower() else _iana_case(low)
    if offset := _OFFSET.fullmatch(low):
        hours = int(offset["hours"])
        if hours == 0:
            return "UTC"
        if hours <= 14:
            # POSIX-style names count the other way: UTC+2 is "Etc/GMT-2".
            return f"Etc/GMT{'-' if offset['sign'] == '+' else '+'}{hours}"
    if _ZONE_LIKE.fullmatch(low):
        return original
    return None
