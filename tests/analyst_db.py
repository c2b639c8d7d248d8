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
                "“The United States is eager to engage in dialogue with Russia,” said the spokesperson for the "
                "National Security Council.",
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
        "actor1": ("USAGOV", "The United States", "USA"), "actor2": ("RUS", "Russia", "RUS"), "symmetric": False,
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


def _fill(conn: duckdb.DuckDBPyConnection) -> None:
    info: dict[str, dict[str, Any]] = {}
    for n, art in enumerate(ARTICLES):
        text, spans, body_start = _layout(art["paragraphs"])
        article_id = f"{n + 1:02d}" + "a" * 30
        info[art["key"]] = {"id": article_id, "text": text, "spans": spans}
        conn.execute(
            "INSERT INTO articles (article_id, input_key, input_ref, origin, url, source, title, published_at,"
            " published_at_origin, language, text, body_start, word_count, raw_hash, source_count,"
            " extractor_version, ingested_at, run_id) VALUES (?, ?, ?, 'jsonl', ?, ?, ?, ?, 'metadata', 'en',"
            " ?, ?, ?, ?, ?, 'test-1', ?, ?)",
            [
                article_id, art["url"], f"wire.jsonl:{n + 1}", art["url"], art["source"], art["paragraphs"][0][0],
                art["published_at"], text, body_start, len(text.split()), f"{n + 1:02d}" + "b" * 30,
                2 if art["key"] == "confirm" else 1, datetime(2024, 5, 2, 12, n), art["run_id"],
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO sentences (article_id, sentence_idx, start_char, end_char, text) VALUES (?, ?, ?, ?, ?)",
            [[article_id, i, s, e, t] for i, (s, e, t) in enumerate(spans)],
        )
    for n, ev in enumerate(EVENTS):
        art = info[ev["article"]]
        text, spans = art["text"], art["spans"]
        event_id = f"e{n + 1:02d}" + "c" * 29
        first = ev["sentences"][0]
        s_start, s_end, sentence = spans[first]
        t_start = s_start + sentence.index(ev["trigger"])
        place = ev["place"] or (None, None, None, None)
        conn.execute(
            "INSERT INTO events (event_id, article_id, sentence_idx, start_char, end_char, trigger_text,"
            " trigger_start, trigger_end, actor1_code, actor1_name, actor1_country, actor2_code, actor2_name,"
            " actor2_country, is_symmetric, event_code, event_root_code, quad_class, goldstein, plover_event,"
            " plover_mode, event_date, date_precision, date_origin, status, location_name, location_country,"
            " latitude, longitude, num_mentions, confidence, extractor_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'day', 'text', ?, ?, ?, ?,"
            " ?, ?, 0.8, 'test-1')",
            [
                event_id, art["id"], first, s_start, s_end, ev["trigger"], t_start, t_start + len(ev["trigger"]),
                *ev["actor1"], *ev["actor2"], ev["symmetric"], ev["code"], ev["code"][:2],
                _quad(ev["code"]), ev["goldstein"], *ev["plover"], ev["date"], ev["status"], *place,
                len(ev["sentences"]),
            ],
        )  # fmt: skip
        for m_idx, s_idx in enumerate(ev["sentences"]):
            m_start, m_end, m_text = spans[s_idx]
            trig = m_text.find(ev["trigger"])
            conn.execute(
                "INSERT INTO event_mentions (event_id, article_id, mention_idx, sentence_idx, start_char, end_char,"
                " trigger_start, trigger_end, in_headline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    event_id, art["id"], m_idx, s_idx, m_start, m_end,
                    m_start + trig if trig >= 0 else None,
                    m_start + trig + len(ev["trigger"]) if trig >= 0 else None, s_idx == 0,
                ],
            )  # fmt: skip
    counters: dict[str, int] = {}
    for key, words, speaker, code, cue in QUOTES:
        art = info[key]
        start = art["text"].index(words)
        sp_start = art["text"].index(speaker)
        s_idx = next(i for i, (s, e, _) in enumerate(art["spans"]) if s <= start < e)
        idx = counters.get(key, 0)
        counters[key] = idx + 1
        conn.execute(
            "INSERT INTO quotes (article_id, quote_idx, sentence_idx, start_char, end_char, text, speaker,"
            " speaker_start, speaker_end, speaker_actor_code, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [art["id"], idx, s_idx, start, start + len(words), words, speaker, sp_start, sp_start + len(speaker),
             code, cue],
        )  # fmt: skip
    e_counters: dict[str, int] = {}
    for key, mention, label, code, country, lat, lon in ENTITIES:
        art = info[key]
        start = art["text"].index(mention)
        mention = mention.rstrip(",")
        s_idx = next(i for i, (s, e, _) in enumerate(art["spans"]) if s <= start < e)
        idx = e_counters.get(key, 0)
        e_counters[key] = idx + 1
        conn.execute(
            "INSERT INTO entities (article_id, entity_idx, sentence_idx, start_char, end_char, text, label,"
            " actor_code, country_code, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [art["id"], idx, s_idx, start, start + len(mention), mention, label, code, country, lat, lon],
        )
    conn.execute(
        "INSERT INTO duplicates (input_key, input_ref, original_article_id, kind, similarity, url, source, run_id,"
        " created_at) VALUES (?, ?, ?, 'near', 0.91, ?, 'Mirror News', ?, ?)",
        [
            "https://mirror-news.example/russia-confirms-talks", "wire.jsonl:4", info["confirm"]["id"],
            "https://mirror-news.example/russia-confirms-talks", RUN_1, datetime(2024, 5, 2, 12, 5),
        ],
    )  # fmt: skip
    runs = [
        (RUN_1, datetime(2024, 5, 2, 12, 0), datetime(2024, 5, 2, 12, 0, 4), 5, 2, 0, 1, 2, 6),
        (RUN_2, datetime(2024, 5, 3, 8, 0), datetime(2024, 5, 3, 8, 0, 2), 2, 1, 0, 0, 1, 2),
    ]
    for run_id, started, finished, inputs, loaded, unchanged, dups, rejected, events in runs:
        conn.execute(
            "INSERT INTO runs (run_id, flow_name, started_at, finished_at, status, inputs, loaded, unchanged,"
            " duplicates, rejected, events, accounting_ok, model_name, extractor_version, newsevents_version)"
            " VALUES (?, 'ingest', ?, ?, 'completed', ?, ?, ?, ?, ?, ?, true, 'en_core_web_sm', 'test-1', '0.1.0')",
            [run_id, started, finished, inputs, loaded, unchanged, dups, rejected, events],
        )
    rejects = [
        ("feeds/empty.html", "clean", "no_article_text", "no main text found", RUN_2, 2),
        ("wire.jsonl:5", "decode", "malformed_jsonl", "line 5: Expecting value", RUN_1, 1),
        ("binary.txt", "decode", "binary", "NUL bytes at offset 12", RUN_2, 1),
    ]
    for ref, stage, reason, detail, run_id, attempts in rejects:
        conn.execute(
            "INSERT INTO rejects (input_ref, stage, reason, detail, run_id, created_at, last_seen_at, attempts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [ref, stage, reason, detail, run_id, datetime(2024, 5, 2, 12, 1), datetime(2024, 5, 3, 8, 0, 1), attempts],
        )


def _quad(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
