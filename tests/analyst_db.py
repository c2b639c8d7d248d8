"""A small, realistic newsevents database for the analyst tests (views, examples, exports, report).

Three articles from three outlets (one with a syndicated copy), eight events of every status, quotes,
entities, two runs and two rejects, written through ``tasks.db.migrate`` and bound-parameter INSERTs, with
every offset computed from the article text so the consistency checks hold.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from tasks.db import migrate

RUN_1 = "11111111-1111-4111-8111-111111111111"
RUN_2 = "22222222-2222-4222-8222-222222222222"

# Each article: title, then paragraphs of sentences. Offsets are derived from this layout.
ARTICLES: list[dict[str, Any]] = [
    {
        "key": "talks",
        "source": "Global Wire",
        "url": "https://global-wire.example/2021/12/27/us-russia-talks",
        "published_at": datetime(2021, 12, 27, 18, 0),
        "run_id": RUN_1,
        "paragraphs": [
            ["US and Russia to negotiate over Ukraine on January 10"],
            [
                "Washington and Moscow will negotiate in Geneva on January 10 over tensions over Ukraine, "
                "a White House spokesperson said on Monday.",
                "“The United States is eager to engage in dialogue with Russia,” said the spokesperson "
                "for the National Security Council.",
            ],
            [
                "Russia has massed troops near the Ukrainian border, Western officials said.",
                "Moscow denied any plan to attack Ukraine.",
            ],
        ],
    },
    {
        "key": "confirm",
        "source": "Example Wire",
        "url": "https://example-wire.example/2022/01/04/russia-confirms-talks",
        "published_at": datetime(2022, 1, 4, 9, 30),
        "run_id": RUN_1,
        "paragraphs": [
            ["Russia confirms January talks with the United States"],
            [
                "Moscow confirmed on Tuesday that it will hold talks with Washington on January 10.",
                "On Monday, Moscow accused NATO of provocations near its borders.",
                "Russia and NATO could meet on January 12.",
            ],
        ],
    },
    {
        "key": "tbilisi",
        "source": "Caucasus Daily",
        "url": "https://caucasus-daily.example/2024/05/01/tbilisi-protest",
        "published_at": datetime(2024, 5, 1, 7, 0),
        "run_id": RUN_2,
        "paragraphs": [
            ["Thousands rallied in Tbilisi against foreign agents bill"],
            [
                "Thousands of protesters rallied outside the Georgian parliament in Tbilisi on Tuesday.",
                "Police detained at least 63 people during the protest, the interior ministry said.",
            ],
            ["“We will not give up,” said opposition leader Nika Melia."],
        ],
    },
]

# Events: article key, sentence index (0 = title), trigger, then the coded fields.
EVENTS: list[dict[str, Any]] = [
    {
        "article": "talks", "sentences": [0, 1], "trigger": "negotiate",
        "actor1": ("USA", "Washington", "USA"), "actor2": ("RUS", "Moscow", "RUS"), "symmetric": True,
        "code": "046", "goldstein": 7.0, "plover": ("CONSULT", None), "date": date(2022, 1, 10),
        "status": "planned", "place": ("Geneva", "CH", 46.20222, 6.14569),
    },
    {
        "article": "talks", "sentences": [3], "trigger": "massed",
        "actor1": ("RUS", "Russia", "RUS"), "actor2": ("UKR", "Ukrainian", "UKR"), "symmetric": False,
        "code": "154", "goldstein": -7.2, "plover": ("MOBILIZE", None), "date": date(2021, 12, 27),
        "status": "occurred", "place": ("Ukraine", "UA", 49.0, 32.0),
    },
    {
        "article": "talks", "sentences": [4], "trigger": "attack",
        "actor1": ("RUS", "Moscow", "RUS"), "actor2": ("UKR", "Ukraine", "UKR"), "symmetric": False,
        "code": "138", "goldstein": -7.0, "plover": ("THREATEN", "military"), "date": date(2021, 12, 27),
        "status": "denied", "place": None,
    },
    {
        "article": "talks", "sentences": [2], "trigger": "engage",
        "actor1": ("USAGOV", "The United States", "USA"), "actor2": ("RUS", "Russia", "RUS"),
        "symmetric": False,
        "code": "036", "goldstein": 4.0, "plover": ("CONSULT", None), "date": date(2021, 12, 27),
        "status": "occurred", "place": None,
    },
    {
        "article": "confirm", "sentences": [1], "trigger": "hold talks",
        "actor1": ("RUS", "Moscow", "RUS"), "actor2": ("USA", "Washington", "USA"), "symmetric": True,
        "code": "046", "goldstein": 7.0, "plover": ("CONSULT", None), "date": date(2022, 1, 10),
        "status": "planned", "place": None,
    },
    {
        "article": "confirm", "sentences": [2], "trigger": "accused",
        "actor1": ("RUS", "Moscow", "RUS"), "actor2": ("NATO", "NATO", None), "symmetric": False,
        "code": "112", "goldstein": -2.0, "plover": ("ACCUSE", "allege"), "date": date(2022, 1, 3),
        "status": "occurred", "place": None,
    },
    {
        "article": "confirm", "sentences": [3], "trigger": "meet",
        "actor1": ("RUS", "Russia", "RUS"), "actor2": ("NATO", "NATO", None), "symmetric": True,
        "code": "036", "goldstein": 4.0, "plover": ("CONSULT", None), "date": date(2022, 1, 12),
        "status": "hypothetical", "place": None,
    },
    {
        "article": "tbilisi", "sentences": [0, 1], "trigger": "rallied",
        "actor1": ("GEOCVL", "protesters", "GEO"), "actor2": ("GEOLEG", "Georgian parliament", "GEO"),
        "symmetric": False, "code": "141", "goldstein": -6.5, "plover": ("PROTEST", "demonstrate"),
        "date": date(2024, 4, 30), "status": "occurred", "place": ("Tbilisi", "GE", 41.69411, 44.83368),
    },
    {
        "article": "tbilisi", "sentences": [2], "trigger": "detained",
        "actor1": ("GEOCOP", "Police", "GEO"), "actor2": ("GEOCVL", "people", "GEO"), "symmetric": False,
        "code": "173", "goldstein": -5.0, "plover": ("COERCE", "arrest"), "date": date(2024, 4, 30),
        "status": "occurred", "place": ("Tbilisi", "GE", 41.69411, 44.83368),
    },
]  # fmt: skip

# Quotes: article key, quoted words, speaker as written, speaker actor code, cue.
QUOTES = [
    ("talks", "The United States is eager to engage in dialogue with Russia,",
     "the spokesperson for the National Security Council", "USAGOV", "said"),
    ("tbilisi", "We will not give up,", "opposition leader Nika Melia", "GEOOPP", "said"),
]  # fmt: skip

# Entities: article key, mention text (first occurrence), label, actor code, country, lat, lon.
ENTITIES = [
    ("talks", "Washington", "GPE", "USA", "US", 38.89511, -77.03637),
    ("talks", "Moscow", "GPE", "RUS", "RU", 55.75222, 37.61556),
    ("talks", "Geneva", "GPE", None, "CH", 46.20222, 6.14569),
    ("talks", "Russia,", "GPE", "RUS", "RU", 60.0, 100.0),
    ("talks", "National Security Council", "ORG", "USAGOV", None, None, None),
    ("confirm", "Moscow", "GPE", "RUS", "RU", 55.75222, 37.61556),
    ("confirm", "NATO", "ORG", "NATO", None, None, None),
    ("tbilisi", "Tbilisi", "GPE", None, "GE", 41.69411, 44.83368),
    ("tbilisi", "Nika Melia", "PERSON", "GEOOPP", None, None, None),
]


def _layout(paragraphs: list[list[str]]) -> tuple[str, list[tuple[int, int, str]], int]:
    """Join paragraphs with blank lines and sentences with spaces; return text, sentence spans, body_start."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    body_start = 0
    for p_no, sentences in enumerate(paragraphs):
        if p_no:
            text += "\n\n"
        if p_no == 1:
            body_start = len(text)
        for s_no, sentence in enumerate(sentences):
            if s_no:
                text += " "
            spans.append((len(text), len(text) + len(sentence), sentence))
            text += sentence
    return text + "\n", spans, body_start


def build_analyst_db(path: Path) -> Path:
    """Create ``path`` with the schema, views and the rows above; return the path."""
    conn = duckdb.connect(str(path))
    try:
        migrate(conn)
        _fill(conn)
    finally:
        conn.close()
    return path


def _insert(conn: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    """INSERT one row; table and column names come from this module, values are bound."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _fill(conn: duckdb.DuckDBPyConnection) -> None:
    info: dict[str, dict[str, Any]] = {}
    for n, art in enumerate(ARTICLES):
        text, spans, body_start = _layout(art["paragraphs"])
        article_id = f"{n + 1:02d}" + "a" * 30
        info[art["key"]] = {"id": article_id, "text": text, "spans": spans}
        _insert(conn, "articles", {
            "article_id": article_id, "input_key": art["url"], "input_ref": f"wire.jsonl:{n + 1}",
            "origin": "jsonl", "url": art["url"], "source": art["source"], "title": art["paragraphs"][0][0],
            "published_at": art["published_at"], "published_at_origin": "metadata", "language": "en",
            "text": text, "body_start": body_start, "word_count": len(text.split()),
            "raw_hash": f"{n + 1:02d}" + "b" * 30, "source_count": 2 if art["key"] == "confirm" else 1,
            "extractor_version": "test-1", "ingested_at": datetime(2024, 5, 2, 12, n),
            "run_id": art["run_id"],
        })  # fmt: skip
        for i, (start, end, sentence) in enumerate(spans):
            _insert(conn, "sentences", {
                "article_id": article_id, "sentence_idx": i, "start_char": start, "end_char": end,
                "text": sentence,
            })  # fmt: skip
    for n, ev in enumerate(EVENTS):
        art = info[ev["article"]]
        spans = art["spans"]
        event_id = f"e{n + 1:02d}" + "c" * 29
        first = ev["sentences"][0]
        s_start, s_end, sentence = spans[first]
        t_start = s_start + sentence.index(ev["trigger"])
        place = ev["place"] or (None, None, None, None)
        _insert(conn, "events", {
            "event_id": event_id, "article_id": art["id"], "sentence_idx": first, "start_char": s_start,
            "end_char": s_end, "trigger_text": ev["trigger"], "trigger_start": t_start,
            "trigger_end": t_start + len(ev["trigger"]),
            "actor1_code": ev["actor1"][0], "actor1_name": ev["actor1"][1], "actor1_country": ev["actor1"][2],
            "actor2_code": ev["actor2"][0], "actor2_name": ev["actor2"][1], "actor2_country": ev["actor2"][2],
            "is_symmetric": ev["symmetric"], "event_code": ev["code"], "event_root_code": ev["code"][:2],
            "quad_class": _quad(ev["code"]), "goldstein": ev["goldstein"], "plover_event": ev["plover"][0],
            "plover_mode": ev["plover"][1], "event_date": ev["date"], "date_precision": "day",
            "date_origin": "text", "status": ev["status"], "location_name": place[0],
            "location_country": place[1], "latitude": place[2], "longitude": place[3],
            "num_mentions": len(ev["sentences"]), "confidence": 0.8, "extractor_version": "test-1",
        })  # fmt: skip
        for m_idx, s_idx in enumerate(ev["sentences"]):
            m_start, m_end, m_text = spans[s_idx]
            trig = m_text.find(ev["trigger"])
            _insert(conn, "event_mentions", {
                "event_id": event_id, "article_id": art["id"], "mention_idx": m_idx, "sentence_idx": s_idx,
                "start_char": m_start, "end_char": m_end,
                "trigger_start": m_start + trig if trig >= 0 else None,
                "trigger_end": m_start + trig + len(ev["trigger"]) if trig >= 0 else None,
                "in_headline": s_idx == 0,
            })  # fmt: skip
    counters: dict[str, int] = {}
    for key, words, speaker, code, cue in QUOTES:
        art = info[key]
        start = art["text"].index(words)
        sp_start = art["text"].index(speaker)
        idx = counters.get(key, 0)
        counters[key] = idx + 1
        _insert(conn, "quotes", {
            "article_id": art["id"], "quote_idx": idx, "sentence_idx": _sentence_of(art["spans"], start),
            "start_char": start, "end_char": start + len(words), "text": words, "speaker": speaker,
            "speaker_start": sp_start, "speaker_end": sp_start + len(speaker), "speaker_actor_code": code,
            "cue": cue,
        })  # fmt: skip
    e_counters: dict[str, int] = {}
    for key, mention, label, code, country, lat, lon in ENTITIES:
        art = info[key]
        start = art["text"].index(mention)
        mention = mention.rstrip(",")
        idx = e_counters.get(key, 0)
        e_counters[key] = idx + 1
        _insert(conn, "entities", {
            "article_id": art["id"], "entity_idx": idx, "sentence_idx": _sentence_of(art["spans"], start),
            "start_char": start, "end_char": start + len(mention), "text": mention, "label": label,
            "actor_code": code, "country_code": country, "latitude": lat, "longitude": lon,
        })  # fmt: skip
    _insert(conn, "duplicates", {
        "input_key": "https://mirror-news.example/russia-confirms-talks", "input_ref": "wire.jsonl:4",
        "original_article_id": info["confirm"]["id"], "kind": "near", "similarity": 0.91,
        "url": "https://mirror-news.example/russia-confirms-talks", "source": "Mirror News", "run_id": RUN_1,
        "created_at": datetime(2024, 5, 2, 12, 5),
    })  # fmt: skip
    runs = [
        (RUN_1, datetime(2024, 5, 2, 12, 0), datetime(2024, 5, 2, 12, 0, 4), 5, 2, 0, 1, 2, 6),
        (RUN_2, datetime(2024, 5, 3, 8, 0), datetime(2024, 5, 3, 8, 0, 2), 2, 1, 0, 0, 1, 2),
    ]
    for run_id, started, finished, inputs, loaded, unchanged, dups, rejected, events in runs:
        _insert(conn, "runs", {
            "run_id": run_id, "flow_name": "ingest", "started_at": started, "finished_at": finished,
            "status": "completed", "inputs": inputs, "loaded": loaded, "unchanged": unchanged,
            "duplicates": dups, "rejected": rejected, "events": events, "accounting_ok": True,
            "model_name": "en_core_web_sm", "extractor_version": "test-1", "newsevents_version": "0.1.0",
        })  # fmt: skip
    rejects = [
        ("feeds/empty.html", "clean", "no_article_text", "no main text found", RUN_2, 2),
        ("wire.jsonl:5", "decode", "malformed_jsonl", "line 5: Expecting value", RUN_1, 1),
        ("binary.txt", "decode", "binary", "NUL bytes at offset 12", RUN_2, 1),
    ]
    for ref, stage, reason, detail, run_id, attempts in rejects:
        _insert(conn, "rejects", {
            "input_ref": ref, "stage": stage, "reason": reason, "detail": detail, "run_id": run_id,
            "created_at": datetime(2024, 5, 2, 12, 1), "last_seen_at": datetime(2024, 5, 3, 8, 0, 1),
            "attempts": attempts,
        })  # fmt: skip


def _sentence_of(spans: list[tuple[int, int, str]], offset: int) -> int:
    return next(i for i, (start, end, _) in enumerate(spans) if start <= offset < end)


def _quad(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
