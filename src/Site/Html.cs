using System.Globalization;
using System.Net;

namespace LabSpecs.Site;

/// <summary>Escaping and the few formats every page uses.</summary>
public static class Html
{
    public static string Text(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Attr(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Seconds(TimeSpan t) =>
        t.TotalSeconds < 1 ? $"{t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
        : $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    public static string Plural(int n, string one) => n == 1 ? $"1 {one}" : $"{n} {one}s";

    public static string OutcomeClass(Outcome o) => o switch
    {
        Outcome.Passed => "passed",
        Outcome.Flaky => "flaky",
        Outcome.Failed => "failed",
        Outcome.Skipped => "skipped",
        _ => "notrun",
    };

    public static string OutcomeWord(Outcome o) => o switch
    {
        Outcome.Passed => "passed",
        Outcome.Flaky => "flaky",
        Outcome.Failed => "failed",
        Outcome.Skipped => "skipped",
        _ => "not run",
    };

    public static string Badge(Outcome o) => $"<span class=\"badge {OutcomeClass(o)}\">{OutcomeWord(o)}</span>";

    /// <summary>Paragraphs of a feature description (blank lines separate them).</summary>
    public static string Paragraphs(string text) =>
        string.Concat(text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<p>{Text(string.Join(' ', p.Split('\n').Select(l => l.Trim())))}</p>"));

    public const string Css = """
        :root { --fg:#1d2330; --muted:#5c6577; --line:#d9dee7; --bg:#fbfbfd; --pass:#1a7f37; --fail:#cf222e; --skip:#9a6700; --notrun:#6e7781; --flaky:#8250df; }
        * { box-sizing: border-box; }
        body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
        header.top { background: #24292f; color: #fff; padding: .8rem 1.5rem; display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
        header.top a { color: #fff; text-decoration: none; font-weight: 600; }
        header.top .sub { color: #c9d1d9; font-size: .9rem; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
        h1 { font-size: 1.8rem; margin: .6rem 0; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
        .badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: .05rem .5rem; border-radius: 1rem; color: #fff; vertical-align: middle; text-transform: uppercase; letter-spacing: .03em; }
        .badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); } .badge.skipped { background: var(--skip); }
        .badge.notrun { background: var(--notrun); } .badge.flaky { background: var(--flaky); }
        .tag { display: inline-block; font-size: .78rem; color: #0550ae; background: #ddf4ff; border-radius: .3rem; padding: 0 .35rem; margin: 0 .2rem .2rem 0; cursor: pointer; border: 0; font-family: inherit; }
        .tag.on { background: #0969da; color: #fff; }
        .filters { position: sticky; top: 0; background: var(--bg); padding: .6rem 0; border-bottom: 1px solid var(--line); z-index: 2; }
        .filters input { font-size: 1rem; padding: .35rem .6rem; width: 22rem; max-width: 100%; border: 1px solid var(--line); border-radius: .4rem; }
        .filters .tags { margin-top: .4rem; max-height: 5.2rem; overflow: auto; }
        ul.labs { list-style: none; padding: 0; } ul.labs li { padding: .45rem 0; border-bottom: 1px dashed var(--line); }
        ul.labs li a { font-weight: 600; color: var(--fg); } .counts { color: var(--muted); font-size: .88rem; margin-left: .4rem; }
        .empty { color: var(--muted); font-style: italic; }
        .facts { border-collapse: collapse; font-size: .92rem; } .facts td, .facts th { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
        .scenario { border: 1px solid var(--line); border-left: 5px solid var(--notrun); border-radius: .4rem; padding: .3rem 1rem .8rem; margin: 1rem 0; background: #fff; }
        .scenario.passed { border-left-color: var(--pass); } .scenario.failed { border-left-color: var(--fail); } .scenario.skipped { border-left-color: var(--skip); } .scenario.flaky { border-left-color: var(--flaky); }
        .reason { margin: .2rem 0 .4rem; font-size: .95rem; } .reason.skipped { color: var(--skip); } .reason.failed { color: var(--fail); } .reason.notrun { color: var(--notrun); } .reason.flaky { color: var(--flaky); }
        ol.steps { list-style: none; padding-left: 0; margin: .3rem 0; } ol.steps > li { margin: .35rem 0; }
        .kw { font-weight: 700; color: #6639ba; margin-right: .3rem; } .dur { color: var(--muted); font-size: .8rem; margin-left: .4rem; }
        .st { display: inline-block; width: 1.1rem; text-align: center; font-weight: 700; }
        .st.PASSED { color: var(--pass); } .st.FAILED, .st.UNDEFINED, .st.AMBIGUOUS, .st.PENDING { color: var(--fail); } .st.SKIPPED { color: var(--skip); } .st.NOT_RUN { color: var(--notrun); }
        .ev { margin: .35rem 0 .35rem 1.6rem; }
        .term { border-radius: .35rem; overflow: hidden; border: 1px solid #30363d; margin: .35rem 0; }
        .term .head { background: #30363d; color: #c9d1d9; font: .78rem ui-monospace, SFMono-Regular, Menlo, monospace; padding: .15rem .6rem; display: flex; gap: 1rem; flex-wrap: wrap; }
        .term .head .exit.ok { color: #56d364; } .term .head .exit.bad { color: #ff7b72; font-weight: 700; }
        .term pre { margin: 0; background: #0d1117; color: #e6edf3; padding: .5rem .7rem; font: .82rem/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; word-break: break-all; max-height: 32rem; overflow: auto; }
        .term .prompt { color: #7ee787; } .term .stderr { color: #ffa198; }
        .term .cut { background: #30363d; color: #c9d1d9; font-size: .8rem; padding: .15rem .6rem; } .term .cut a { color: #79c0ff; }
        .wait { font-size: .92rem; background: #f6f8fa; border: 1px solid var(--line); border-radius: .35rem; padding: .25rem .6rem; }
        .wait.no { border-color: var(--fail); background: #fff5f5; }
        .wait table { border-collapse: collapse; font: .8rem ui-monospace, Menlo, monospace; margin: .3rem 0; } .wait td { border-top: 1px solid var(--line); padding: .1rem .5rem; vertical-align: top; white-space: pre-wrap; }
        pre.log { background: #f6f8fa; border: 1px solid var(--line); padding: .4rem .6rem; font: .82rem/1.4 ui-monospace, Menlo, monospace; white-space: pre-wrap; margin: .3rem 0; max-height: 24rem; overflow: auto; }
        pre.failure { background: #fff5f5; border: 1px solid var(--fail); color: #82071e; padding: .5rem .7rem; font: .84rem/1.45 ui-monospace, Menlo, monospace; white-space: pre-wrap; margin: .4rem 0 .4rem 1.6rem; }
        details.diag { margin: .6rem 0 0; } details.diag > summary { cursor: pointer; color: var(--fail); font-weight: 600; }
        table.arg { border-collapse: collapse; margin: .2rem 0 .2rem 1.6rem; font-size: .88rem; } table.arg td { border: 1px solid var(--line); padding: .05rem .5rem; }
        pre.doc { margin: .2rem 0 .2rem 1.6rem; background: #f6f8fa; padding: .3rem .6rem; font-size: .85rem; }
        svg.topology { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: .4rem; }
        svg .wire { stroke: #0969da; stroke-width: 4; } svg .link { stroke: #57606a; stroke-width: 2; }
        svg .node rect { fill: #f6f8fa; stroke: #57606a; } svg .node.infra rect { fill: #eef6ff; stroke-dasharray: 4 3; }
        svg text { font: 13px system-ui, sans-serif; fill: #1d2330; } svg .name { font-weight: 700; } svg .addr { font-family: ui-monospace, Menlo, monospace; }
        svg .roles { fill: #5c6577; font-size: 11px; } svg .net { fill: #0969da; font-weight: 600; }
        .warn { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .8rem; border-radius: .4rem; }
        .history { margin: .2rem 0 .4rem; display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
        .strip { display: inline-flex; gap: 2px; } .strip .cell { width: 12px; height: 16px; border-radius: 2px; background: var(--notrun); display: inline-block; }
        .strip .cell.passed { background: var(--pass); } .strip .cell.failed { background: var(--fail); } .strip .cell.skipped { background: var(--skip); } .strip .cell.flaky { background: var(--flaky); }
        svg.spark { vertical-align: middle; background: #fff; border: 1px solid var(--line); } svg.spark polyline { fill: none; stroke: #0969da; stroke-width: 1.5; }
        p.tryit { font-size: 13px; color: #57606a; margin: 2px 0 6px; } table.catalog td code { white-space: pre-wrap; }
        [hidden] { display: none !important; }
        """;

    /// <summary>Search and tag filter over every element marked data-filter (data-text, data-tags); chapters with nothing left are dimmed.</summary>
    public const string Script = """
        (function () {
          var q = document.getElementById('q'); var tag = null;
          function apply() {
            var t = (q && q.value || '').toLowerCase();
            document.querySelectorAll('[data-filter]').forEach(function (e) {
              var ok = (!t || e.dataset.text.indexOf(t) >= 0) && (!tag || (' ' + e.dataset.tags + ' ').indexOf(' ' + tag + ' ') >= 0);
              e.hidden = !ok;
            });
            document.querySelectorAll('[data-group]').forEach(function (g) {
              var items = g.querySelectorAll('[data-filter]');
              var any = Array.prototype.some.call(items, function (e) { return !e.hidden; });
              var none = g.querySelector('.nomatch'); if (none) none.hidden = any || items.length === 0;
            });
            document.querySelectorAll('button.tag').forEach(function (b) { b.classList.toggle('on', b.dataset.tag === tag); });
            var c = document.getElementById('shown'); if (c) c.textContent = document.querySelectorAll('[data-filter]:not([hidden])').length;
          }
          document.addEventListener('click', function (ev) {
            var b = ev.target.closest && ev.target.closest('button.tag'); if (!b) return;
            tag = tag === b.dataset.tag ? null : b.dataset.tag; location.hash = tag ? 'tag=' + tag : ''; apply();
          });
          if (q) q.addEventListener('input', apply);
          var m = /tag=([^&]+)/.exec(location.hash); if (m) tag = decodeURIComponent(m[1]);
          apply();
        })();
        """;
}
