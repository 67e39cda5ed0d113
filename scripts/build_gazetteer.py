"""Regenerate the COUNTRY rows of data/gazetteer.csv from CLDR, keeping every other row.

Why: country names are the one part of the gazetteer that an authority already
publishes in Arabic. Taking them from CLDR (through babel) instead of typing them
keeps the canonical names standard, and makes the rows reproducible: anyone can
rerun this script and get the same file.

What it does:

1. takes the Arabic and English territory names from CLDR (``babel.Locale('ar')``,
   ``babel.Locale('en')``) for the states listed in ``STATES`` below: the 193 UN
   members, the two UN observer states (Holy See, Palestine), Taiwan and Kosovo;
   CLDR's other territories (Hong Kong, Greenland, Puerto Rico …) are not states
   and get no COUNTRY row (a few of them are hand-written LOC rows instead);
2. gives each its ISO 3166-1 alpha-3 code from the table below, cross-checked
   against CLDR's own alpha-3 aliases so that a typo in the table cannot pass;
   Kosovo has no ISO code and uses the customary user-assigned ``XKX``;
3. merges the reviewed table ``scripts/country_variants.csv`` (columns
   ``id,name_ar,name_en,aliases,note``): extra surface forms, an Arabic or English
   name that replaces CLDR's where CLDR's label is unusable in running text
   (``الكونغو - كينشاسا``), notes that document deliberate decisions, and rows
   that CLDR does not have at all (the former Soviet Union, ``SUN``);
4. drops any alias whose matching key (``ner_cli.normalize.normalize_key`` over the
   space-separated tokens) equals that of the name or of an earlier alias of the
   same row, since the matcher could never tell them apart;
5. rewrites data/gazetteer.csv: COUNTRY rows sorted by id, then every other row
   (LOC, ORG, PERSON …) exactly as it was, in its existing order;
6. fails on duplicate ids or empty names, and reports on stderr every key sequence
   shared by two different ids (marking those that a note already documents: a
   note on one of the rows names the other id) and every alias of a hand-written
   row that repeats a key of its own row (those rows are reported, not changed).

The output is deterministic: running the script twice changes nothing.

Run:  uv run python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ner_cli.normalize import normalize_key  # noqa: E402

GAZETTEER = ROOT / "data" / "gazetteer.csv"
VARIANTS = Path(__file__).resolve().parent / "country_variants.csv"
HEADER = ["id", "type", "name_ar", "name_en", "aliases", "note"]
VARIANT_HEADER = ["id", "name_ar", "name_en", "aliases", "note"]
ALIAS_SEP = "|"

# ISO 3166-1 alpha-2 -> alpha-3 for every state that gets a COUNTRY row.
# 193 UN member states:
# fmt: off
UN_MEMBERS = {
    "AD": "AND", "AE": "ARE", "AF": "AFG", "AG": "ATG", "AL": "ALB", "AM": "ARM",
    "AO": "AGO", "AR": "ARG", "AT": "AUT", "AU": "AUS", "AZ": "AZE", "BA": "BIH",
    "BB": "BRB", "BD": "BGD", "BE": "BEL", "BF": "BFA", "BG": "BGR", "BH": "BHR",
    "BI": "BDI", "BJ": "BEN", "BN": "BRN", "BO": "BOL", "BR": "BRA", "BS": "BHS",
    "BT": "BTN", "BW": "BWA", "BY": "BLR", "BZ": "BLZ", "CA": "CAN", "CD": "COD",
    "CF": "CAF", "CG": "COG", "CH": "CHE", "CI": "CIV", "CL": "CHL", "CM": "CMR",
    "CN": "CHN", "CO": "COL", "CR": "CRI", "CU": "CUB", "CV": "CPV", "CY": "CYP",
    "CZ": "CZE", "DE": "DEU", "DJ": "DJI", "DK": "DNK", "DM": "DMA", "DO": "DOM",
    "DZ": "DZA", "EC": "ECU", "EE": "EST", "EG": "EGY", "ER": "ERI", "ES": "ESP",
    "ET": "ETH", "FI": "FIN", "FJ": "FJI", "FM": "FSM", "FR": "FRA", "GA": "GAB",
    "GB": "GBR", "GD": "GRD", "GE": "GEO", "GH": "GHA", "GM": "GMB", "GN": "GIN",
    "GQ": "GNQ", "GR": "GRC", "GT": "GTM", "GW": "GNB", "GY": "GUY", "HN": "HND",
    "HR": "HRV", "HT": "HTI", "HU": "HUN", "ID": "IDN", "IE": "IRL", "IL": "ISR",
    "IN": "IND", "IQ": "IRQ", "IR": "IRN", "IS": "ISL", "IT": "ITA", "JM": "JAM",
    "JO": "JOR", "JP": "JPN", "KE": "KEN", "KG": "KGZ", "KH": "KHM", "KI": "KIR",
    "KM": "COM", "KN": "KNA", "KP": "PRK", "KR": "KOR", "KW": "KWT", "KZ": "KAZ",
    "LA": "LAO", "LB": "LBN", "LC": "LCA", "LI": "LIE", "LK": "LKA", "LR": "LBR",
    "LS": "LSO", "LT": "LTU", "LU": "LUX", "LV": "LVA", "LY": "LBY", "MA": "MAR",
    "MC": "MCO", "MD": "MDA", "ME": "MNE", "MG": "MDG", "MH": "MHL", "MK": "MKD",
    "ML": "MLI", "MM": "MMR", "MN": "MNG", "MR": "MRT", "MT": "MLT", "MU": "MUS",
    "MV": "MDV", "MW": "MWI", "MX": "MEX", "MY": "MYS", "MZ": "MOZ", "NA": "NAM",
    "NE": "NER", "NG": "NGA", "NI": "NIC", "NL": "NLD", "NO": "NOR", "NP": "NPL",
    "NR": "NRU", "NZ": "NZL", "OM": "OMN", "PA": "PAN", "PE": "PER", "PG": "PNG",
    "PH": "PHL", "PK": "PAK", "PL": "POL", "PT": "PRT", "PW": "PLW", "PY": "PRY",
    "QA": "QAT", "RO": "ROU", "RS": "SRB", "RU": "RUS", "RW": "RWA", "SA": "SAU",
    "SB": "SLB", "SC": "SYC", "SD": "SDN", "SE": "SWE", "SG": "SGP", "SI": "SVN",
    "SK": "SVK", "SL": "SLE", "SM": "SMR", "SN": "SEN", "SO": "SOM", "SR": "SUR",
    "SS": "SSD", "ST": "STP", "SV": "SLV", "SY": "SYR", "SZ": "SWZ", "TD": "TCD",
    "TG": "TGO", "TH": "THA", "TJ": "TJK", "TL": "TLS", "TM": "TKM", "TN": "TUN",
    "TO": "TON", "TR": "TUR", "TT": "TTO", "TV": "TUV", "TZ": "TZA", "UA": "UKR",
    "UG": "UGA", "US": "USA", "UY": "URY", "UZ": "UZB", "VC": "VCT", "VE": "VEN",
    "VN": "VNM", "VU": "VUT", "WS": "WSM", "YE": "YEM", "ZA": "ZAF", "ZM": "ZMB",
    "ZW": "ZWE",
}
# fmt: on
# UN observer states, and two widely recognised state-like entities.
OTHER_STATES = {"VA": "VAT", "PS": "PSE", "TW": "TWN", "XK": "XKX"}
STATES = {**UN_MEMBERS, **OTHER_STATES}
# Codes outside ISO 3166-1 that are allowed as COUNTRY ids.
NON_ISO_IDS = {"XKX": "Kosovo (user-assigned code)", "SUN": "Soviet Union (ISO 3166-3)"}


def key_sequence(name: str) -> tuple[str, ...]:
    """Return the matching keys of a name's space-separated tokens."""
    return tuple(key for key in (normalize_key(tok) for tok in name.split()) if key)


def check_alpha3_table() -> None:
    """Fail unless every alpha-3 code in STATES is the one CLDR knows for that state."""
    if len(UN_MEMBERS) != 193:
        sys.exit(f"expected 193 UN members, the table has {len(UN_MEMBERS)}")
    if len(set(STATES.values())) != len(STATES):
        sys.exit("an alpha-3 code is used twice in STATES")
    aliases = get_global("territory_aliases")
    for alpha2, alpha3 in sorted(STATES.items()):
        if alpha3 in NON_ISO_IDS:
            continue
        if aliases.get(alpha3) != [alpha2]:
            sys.exit(f"alpha-3 {alpha3} for {alpha2} disagrees with CLDR: {aliases.get(alpha3)}")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [dict(row) for row in reader]
        return list(reader.fieldnames or []), rows


def read_variants() -> dict[str, dict[str, str]]:
    fields, rows = read_csv(VARIANTS)
    if fields != VARIANT_HEADER:
        sys.exit(f"{VARIANTS.name}: header must be {','.join(VARIANT_HEADER)}")
    variants: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        ident = row["id"].strip()
        if ident in variants:
            sys.exit(f"{VARIANTS.name}:{line}: duplicate id {ident}")
        variants[ident] = {field: (row[field] or "").strip() for field in VARIANT_HEADER}
    return variants


def clean_aliases(ident: str, name_ar: str, aliases: list[str]) -> list[str]:
    """Keep aliases in order, dropping empties and those that add no new key sequence."""
    seen = {key_sequence(name_ar)}
    kept = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if not alias:
            continue
        keys = key_sequence(alias)
        if keys in seen:
            print(
                f"note: {ident}: alias {alias!r} has the key of an earlier form; dropped",
                file=sys.stderr,
            )
            continue
        seen.add(keys)
        kept.append(alias)
    return kept


def country_rows() -> list[dict[str, str]]:
    check_alpha3_table()
    arabic = Locale("ar").territories
    english = Locale("en").territories
    variants = read_variants()
    alpha3_to_alpha2 = {alpha3: alpha2 for alpha2, alpha3 in STATES.items()}
    unknown = [
        ident for ident in variants if ident not in alpha3_to_alpha2 and ident not in NON_ISO_IDS
    ]
    if unknown:
        sys.exit(
            f"{VARIANTS.name}: ids that are neither listed states nor allowed "
            f"non-ISO ids: {', '.join(unknown)}"
        )

    rows = []
    for ident in sorted(set(alpha3_to_alpha2) | set(variants)):
        extra = variants.get(ident, dict.fromkeys(VARIANT_HEADER, ""))
        alpha2 = alpha3_to_alpha2.get(ident)
        name_ar = extra["name_ar"] or (arabic.get(alpha2, "") if alpha2 else "")
        name_en = extra["name_en"] or (english.get(alpha2, "") if alpha2 else "")
        if not name_ar or not name_en:
            sys.exit(f"{ident}: no Arabic or English name (not in CLDR, none in the table)")
        aliases = clean_aliases(ident, name_ar, extra["aliases"].split(ALIAS_SEP))
        rows.append(
            {
                "id": ident,
                "type": "COUNTRY",
                "name_ar": name_ar,
                "name_en": name_en,
                "aliases": ALIAS_SEP.join(aliases),
                "note": extra["note"],
            }
        )
    return rows


def other_rows() -> list[dict[str, str]]:
    """Return the non-COUNTRY rows of the existing file, unchanged and in order."""
    if not GAZETTEER.exists():
        return []
    fields, rows = read_csv(GAZETTEER)
    missing = [field for field in HEADER if field not in fields and field != "note"]
    if missing:
        sys.exit(f"{GAZETTEER}: missing columns {', '.join(missing)}")
    return [
        {field: row.get(field) or "" for field in HEADER}
        for row in rows
        if row["type"] != "COUNTRY"
    ]


def validate(rows: list[dict[str, str]]) -> None:
    """Fail on duplicate ids or empty names; report key sequences shared across ids."""
    ids = [row["id"] for row in rows]
    duplicates = sorted({ident for ident in ids if ids.count(ident) > 1})
    if duplicates:
        sys.exit(f"duplicate ids: {', '.join(duplicates)}")
    for row in rows:
        if not row["id"] or not row["type"] or not row["name_ar"].strip():
            sys.exit(f"row with an empty id, type or Arabic name: {row}")

    owners: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    notes = {row["id"]: row["note"] for row in rows}
    for row in rows:
        forms = [row["name_ar"], *filter(None, row["aliases"].split(ALIAS_SEP))]
        own: set[tuple[str, ...]] = set()
        for form in forms:
            keys = key_sequence(form)
            if keys in own:
                print(
                    f"redundant alias: {row['id']}: {form!r} has the key of an earlier form",
                    file=sys.stderr,
                )
                continue
            own.add(keys)
            owners[keys].append((row["id"], form))
    for keys, holders in sorted(owners.items()):
        ids_here = sorted({ident for ident, _ in holders})
        if len(ids_here) < 2:
            continue
        documented = any(
            other in notes[ident] for ident in ids_here for other in ids_here if other != ident
        )
        status = "documented" if documented else "UNDOCUMENTED"
        forms = ", ".join(f"{ident}:{form}" for ident, form in holders)
        print(f"key collision ({status}): {' '.join(keys)} <- {forms}", file=sys.stderr)


def main() -> None:
    rows = country_rows() + other_rows()
    validate(rows)
    GAZETTEER.parent.mkdir(parents=True, exist_ok=True)
    with GAZETTEER.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["type"]] += 1
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    print(f"wrote {GAZETTEER.relative_to(ROOT)}: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
