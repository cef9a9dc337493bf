/// The report page's style sheet and its one script, inlined into every page so the file stands alone.
///
/// The script never parses HTML from data: it builds every element with `createElement` and sets text with
/// `textContent`, so a run's text can only ever appear as text. The page's Content-Security-Policy allows this
/// script by its SHA-256 and nothing else.
enum HTMLAssets {
    static let css = #"""
        :root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--code:#eff2f5;
        --pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--accent:#0969da;--grid:#e6e9ec}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--code:#212830;
        --pass:#3fb950;--pass-bg:#122a1c;--fail:#f85149;--fail-bg:#2f1416;--warn:#d29922;--warn-bg:#2b2111;--accent:#4493f8;--grid:#262c34}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif}
        header.page,main,footer{max-width:1280px;margin:0 auto;padding:0 20px}
        header.page{padding-top:20px}
        h1{font-size:1.6rem;margin:0 0 .3rem;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
        h2{font-size:1.2rem;margin:2rem 0 .8rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
        h3{font-size:1.05rem;margin:0 0 .6rem}
        h4{font-size:.95rem;margin:1.2rem 0 .4rem}
        a{color:var(--accent)}
        code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        pre{background:var(--code);padding:.5rem .7rem;border-radius:6px;overflow:auto;white-space:pre-wrap;word-break:break-word;margin:.3rem 0;max-height:32rem}
        .meta,.muted{color:var(--muted)}
        .meta{margin:.2rem 0}
        .skip{position:absolute;left:-9999px}
        .skip:focus{left:12px;top:12px;background:var(--bg);padding:.4rem .6rem;border:2px solid var(--accent);z-index:2}
        :focus-visible{outline:2px solid var(--accent);outline-offset:2px}
        .verdict{font-size:.95rem;font-weight:600;padding:.15rem .6rem;border-radius:999px}
        .verdict.pass,.badge.pass,.badge.executed,.badge.allow{background:var(--pass-bg);color:var(--pass)}
        .verdict.fail,.badge.fail,.badge.denied,.badge.rejected,.badge.deny,.badge.reject{background:var(--fail-bg);color:var(--fail)}
        .badge{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .45rem;border-radius:999px;border:1px solid var(--line);text-transform:uppercase;letter-spacing:.02em;white-space:nowrap}
        .badge.invalid,.badge.failed,.badge.write,.badge.edit{background:var(--warn-bg);color:var(--warn)}
        .badge.read{color:var(--muted)}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:12px;margin:0}
        .tile{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;background:var(--panel)}
        .tile dt{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        .tile dd{margin:0}
        .tile .value{font-size:1.25rem;font-weight:600}
        .tile .detail{font-size:.85rem;color:var(--muted)}
        .failed-list{padding-left:1.2rem}
        .failed-list li{margin:.2rem 0}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
        .chart-figure{margin:0;min-width:0;border:1px solid var(--line);border-radius:8px;padding:.6rem;background:var(--panel)}
        .chart-figure figcaption{font-size:.85rem;color:var(--muted)}
        table.legend{width:auto;margin:.4rem 0;font-size:.82rem}
        table.legend th,table.legend td{padding:.15rem .6rem;border-top:1px solid var(--line)}
        svg.chart{width:100%;height:auto;display:block}
        svg.chart text{fill:var(--fg);font-size:12px;font-family:inherit}
        svg.chart .axis-label{fill:var(--muted)}
        svg.chart .grid{stroke:var(--grid)}
        svg.chart .axis{stroke:var(--muted)}
        svg.chart .line{fill:none;stroke:var(--accent);stroke-width:1.5}
        svg.chart .pt{stroke:var(--bg);stroke-width:1}
        svg.chart .pt.threshold{fill:var(--accent)}
        svg.chart .pt.cheap{fill:var(--warn)}
        svg.chart .pt.strong{fill:var(--pass)}
        svg.chart .pt.cascade{fill:var(--muted)}
        svg.chart .pt.best{fill:none;stroke:var(--accent);stroke-width:2}
        svg.chart .pt.run{fill:none;stroke:var(--fg);stroke-width:2.5}
        svg.chart .bar.pass{fill:var(--pass)}
        svg.chart .bar.fail{fill:var(--fail)}
        svg.chart .marker{stroke:var(--fg);stroke-dasharray:4 3}
        svg.chart .value-label,svg.chart .marker-label,svg.chart .point-label{font-size:11px}
        .controls{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;margin-bottom:.8rem}
        .controls input[type=search],.controls select{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
        .controls input[type=search]{width:18rem;max-width:100%}
        .controls output{color:var(--muted)}
        .more{display:flex;gap:.8rem;margin:.6rem 0}
        .more button{font:inherit;padding:.3rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
        .table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
        table{border-collapse:collapse;width:100%}
        caption{text-align:left;padding:.5rem .7rem;color:var(--muted);font-size:.85rem}
        th,td{padding:.45rem .7rem;border-top:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{background:var(--panel);font-size:.85rem;white-space:nowrap}
        thead th button{all:unset;cursor:pointer;font-weight:600}
        thead th button::after{content:" ↕";color:var(--muted)}
        thead th[aria-sort=ascending] button::after{content:" ↑";color:var(--fg)}
        thead th[aria-sort=descending] button::after{content:" ↓";color:var(--fg)}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.row th{font-weight:400}
        tr.row.fail{background:linear-gradient(90deg,var(--fail-bg),transparent 40%)}
        button.open{all:unset;cursor:pointer;color:var(--accent);font-weight:600;overflow-wrap:anywhere}
        tr.row>th{min-width:15rem}
        button.open::before{content:"▸ ";color:var(--muted)}
        button.open[aria-expanded=true]::before{content:"▾ "}
        .title,.why{display:block;font-size:.82rem;color:var(--muted)}
        td.reason{font-size:.85rem;max-width:28rem}
        tr.detail>td{background:var(--panel);padding:1rem 1.2rem 1.4rem}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 .5rem}
        .facts dt{color:var(--muted)}
        .facts dd{margin:0}
        .problems{border-left:4px solid var(--fail);background:var(--fail-bg);padding:.4rem .8rem .4rem 1.6rem;margin:.4rem 0;border-radius:4px}
        .warnings{border-left:4px solid var(--warn);background:var(--warn-bg);padding:.4rem .8rem .4rem 1.6rem;margin:.4rem 0;border-radius:4px}
        .divergence{font-weight:600;color:var(--fail)}
        table.trajectory{margin:.3rem 0;background:var(--bg);border:1px solid var(--line)}
        table.trajectory td,table.trajectory th{font-size:.85rem}
        table.trajectory tr.diverge td,table.trajectory tr.diverge th{background:var(--fail-bg)}
        table.trajectory pre{max-height:10rem;margin:.2rem 0 0}
        pre.compact{padding:.2rem .4rem}
        h3[tabindex]:focus{outline:none}
        ol.timeline{list-style:none;margin:.3rem 0;padding:0;border-left:2px solid var(--line)}
        ol.timeline>li{margin:0 0 .9rem;padding-left:1rem;position:relative}
        ol.timeline>li::before{content:"";position:absolute;left:-7px;top:.45rem;width:12px;height:12px;border-radius:50%;background:var(--bg);border:2px solid var(--accent)}
        .step-head{font-weight:600}
        .step-head .muted{font-weight:400}
        .thought,.answer{margin:.3rem 0;white-space:pre-wrap}
        .label{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);display:block}
        ol.calls{list-style:none;margin:.4rem 0;padding:0}
        li.call{border:1px solid var(--line);border-radius:6px;background:var(--bg);padding:.5rem .7rem;margin:.4rem 0}
        li.call.diverge{border:2px solid var(--fail)}
        .call-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
        .call-head code.tool{font-weight:600;font-size:14px}
        .checks{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.85rem;margin:.3rem 0}
        .handoff{margin:.5rem 0 .2rem;padding:.5rem .8rem;border:1px dashed var(--accent);border-radius:6px}
        blockquote{margin:.3rem 0;padding:.4rem .8rem;border-left:4px solid var(--line);white-space:pre-wrap;background:var(--bg)}
        ul.plain{margin:.2rem 0;padding-left:1.2rem}
        footer{margin:2.5rem auto 2rem;font-size:.85rem;color:var(--muted)}
        @media (max-width:720px){body{font-size:14px}.charts{grid-template-columns:1fr}tr.row>th{min-width:10rem}header.page,main,footer{padding:0 12px}.opt{display:none}
        .charts{grid-template-columns:1fr}.tiles{grid-template-columns:1fr 1fr}th,td{padding:.4rem .5rem}
        .facts{grid-template-columns:1fr}.facts dt{margin-top:.3rem}tr.detail>td{padding:.7rem .5rem}}
        @media (max-width:420px){.tiles{grid-template-columns:1fr}}
        @media print{:root{--bg:#fff;--fg:#000;--panel:#fff;--code:#f4f4f4}
        .controls,.skip,noscript{display:none}.table-wrap{overflow:visible;border:0}
        thead th button::after,button.open::before{content:""}tr.row,.tile,.chart-figure,li.call{break-inside:avoid}
        pre{max-height:none}a{color:inherit;text-decoration:none}}
        """#

    static let script = #"""
        (function () {
          "use strict";
          var table = document.getElementById("scenario-table");
          if (!table) { return; }
          var tbody = table.tBodies[0];
          var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.row"));
          var byLabel = new Map();
          rows.forEach(function (row) { byLabel.set(row.getAttribute("data-label"), row); });
          var details = new Map();
          var query = document.getElementById("q");
          var family = document.getElementById("family");
          var failedOnly = document.getElementById("failed-only");
          var count = document.getElementById("count");
          var sortKey = "label", sortDirection = 1, lastOpened = null;
          // Only the first rows that match are laid out; a table of thousands would otherwise take seconds to show.
          var pageSize = Number(table.getAttribute("data-page-size")) || 250, limit = pageSize;
          var ordered = rows.slice();
          var more = document.getElementById("show-more"), all = document.getElementById("show-all");
          var numericKeys = { f1: true, cost: true, latency: true, passed: true };

          function el(tag, className, text) {
            var node = document.createElement(tag);
            if (className) { node.className = className; }
            if (text !== undefined && text !== null) { node.textContent = String(text); }
            return node;
          }
          function usd(value) {
            if (!value) { return "$0"; }
            var size = Math.abs(value);
            return "$" + value.toFixed(size >= 1 ? 2 : size >= 0.01 ? 4 : 5);
          }
          function seconds(ms) { return ms < 1000 ? Math.round(ms) + " ms" : (ms / 1000).toFixed(1) + " s"; }
          function grouped(n) { return Number(n || 0).toLocaleString("en-US"); }
          function pretty(value) { return typeof value === "string" ? value : JSON.stringify(value, null, 2); }
          // Tool results are usually JSON text: show them indented when they parse, as they are when not.
          function observationText(text) {
            var first = text.replace(/^\s+/, "").charAt(0);
            if (first !== "{" && first !== "[") { return text; }
            try { return JSON.stringify(JSON.parse(text), null, 2); } catch (error) { return text; }
          }
          function oneLineJSON(value) { return value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value); }
          function labeled(label, node) {
            var box = el("div");
            box.appendChild(el("span", "label", label));
            box.appendChild(node);
            return box;
          }
          function fact(list, term, value) {
            if (value === undefined || value === null || value === "") { return; }
            list.appendChild(el("dt", null, term));
            var dd = el("dd");
            if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
            list.appendChild(dd);
          }
          function textBlock(label, text, className) {
            if (text.length > 600) {
              var fold = el("details");
              fold.appendChild(el("summary", null, label + " (" + grouped(text.length) + " characters)"));
              fold.appendChild(el("pre", className, text));
              return fold;
            }
            return labeled(label, el("pre", className, text));
          }

          // Filtering and sorting.
          function matches(row) {
            if (failedOnly.checked && row.getAttribute("data-passed") === "1") { return false; }
            if (family.value && row.getAttribute("data-family") !== family.value) { return false; }
            var words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
            var text = row.getAttribute("data-search");
            return words.every(function (word) { return text.indexOf(word) >= 0; });
          }
          function syncDetail(row) {
            var detail = details.get(row.getAttribute("data-i"));
            if (detail) { detail.hidden = row.hidden || row.querySelector("button.open").getAttribute("aria-expanded") !== "true"; }
          }
          function applyFilters() {
            var matched = 0;
            ordered.forEach(function (row) {
              var match = matches(row);
              if (match) { matched += 1; }
              row.hidden = !match || matched > limit;
              syncDetail(row);
            });
            var shown = Math.min(matched, limit);
            count.textContent = matched + " of " + rows.length + " scenario runs" + (shown < matched ? ", the first " + shown + " shown" : "");
            more.hidden = all.hidden = shown >= matched;
            more.textContent = "Show " + Math.min(pageSize, matched - shown) + " more";
            all.textContent = "Show all " + matched;
          }
          function compare(a, b) {
            var x = a.getAttribute("data-" + sortKey), y = b.getAttribute("data-" + sortKey), order;
            if (numericKeys[sortKey]) { order = parseFloat(x) - parseFloat(y); } else { order = x < y ? -1 : x > y ? 1 : 0; }
            if (order === 0) { return Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i")); }
            return order * sortDirection;
          }
          function sortRows() {
            var fragment = document.createDocumentFragment();
            ordered = rows.slice().sort(compare);
            ordered.forEach(function (row) {
              fragment.appendChild(row);
              var detail = details.get(row.getAttribute("data-i"));
              if (detail) { fragment.appendChild(detail); }
            });
            tbody.appendChild(fragment);
            Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (th) {
              var button = th.querySelector("button[data-sort]");
              if (button && button.getAttribute("data-sort") === sortKey) {
                th.setAttribute("aria-sort", sortDirection > 0 ? "ascending" : "descending");
              } else {
                th.removeAttribute("aria-sort");
              }
            });
          }

          // The address keeps the view, so a link to a filtered table or an open scenario can be shared.
          function writeHash() {
            var params = new URLSearchParams();
            if (query.value) { params.set("q", query.value); }
            if (family.value) { params.set("family", family.value); }
            if (failedOnly.checked) { params.set("failed", "1"); }
            if (sortKey !== "label" || sortDirection !== 1) { params.set("sort", sortKey + (sortDirection < 0 ? ":desc" : "")); }
            if (lastOpened) { params.set("open", lastOpened); }
            var text = params.toString();
            try { history.replaceState(null, "", text ? "#" + text : location.pathname + location.search); } catch (error) { /* file: pages may refuse */ }
          }
          function readHash() {
            var params = new URLSearchParams(location.hash.replace(/^#/, ""));
            query.value = params.get("q") || "";
            family.value = params.get("family") || "";
            failedOnly.checked = params.get("failed") === "1";
            var sort = (params.get("sort") || "label").split(":");
            if (table.tHead.querySelector("button[data-sort='" + sort[0].replace(/[^a-z0-9]/gi, "") + "']")) {
              sortKey = sort[0];
              sortDirection = sort[1] === "desc" ? -1 : 1;
            }
            sortRows();
            applyFilters();
            var open = params.get("open");
            if (open !== null && byLabel.has(open)) {
              var row = byLabel.get(open);
              if (!matches(row)) {
                query.value = "";
                family.value = "";
                failedOnly.checked = false;
              }
              // Far down a long table: show every matching row up to it.
              var position = ordered.filter(matches).indexOf(row);
              if (position >= limit) { limit = position + 1; }
              applyFilters();
              toggle(row, true);
              row.scrollIntoView({ block: "start" });
              var heading = document.getElementById("dh-" + row.getAttribute("data-i"));
              if (heading) { heading.focus({ preventScroll: true }); }
            }
          }

          // A scenario's detail, built the first time it is opened.
          function toggle(row, open) {
            var index = row.getAttribute("data-i");
            var button = row.querySelector("button.open");
            var detail = details.get(index);
            if (open === undefined) { open = button.getAttribute("aria-expanded") !== "true"; }
            if (open && !detail) {
              detail = buildDetail(row, index);
              details.set(index, detail);
              row.parentNode.insertBefore(detail, row.nextSibling);
            }
            button.setAttribute("aria-expanded", open ? "true" : "false");
            lastOpened = open ? row.getAttribute("data-label") : (lastOpened === row.getAttribute("data-label") ? null : lastOpened);
            syncDetail(row);
          }
          function buildDetail(row, index) {
            var tr = el("tr", "detail");
            tr.id = "detail-" + index;
            var cell = el("td");
            cell.colSpan = row.cells.length;
            tr.appendChild(cell);
            var scenario;
            try {
              scenario = JSON.parse(document.getElementById("data-" + index).textContent);
            } catch (error) {
              cell.appendChild(el("p", "muted", "This scenario's details could not be read; see report.json."));
              return tr;
            }
            var region = el("div", "detail-body");
            region.setAttribute("role", "region");
            region.setAttribute("aria-labelledby", "dh-" + index);
            cell.appendChild(region);
            renderScenario(region, scenario, index);
            return tr;
          }
          function renderScenario(region, s, index) {
            var heading = el("h3", null, s.id + (s.trial ? " #" + s.trial : "") + (s.title ? ": " + s.title : ""));
            heading.id = "dh-" + index;
            heading.tabIndex = -1;
            region.appendChild(heading);

            var facts = el("dl", "facts");
            var verdict = el("span", "badge " + (s.passed ? "pass" : "fail"), s.passed ? "pass" : "fail");
            fact(facts, "Result", verdict);
            fact(facts, "Agent", s.agent);
            var routing = s.routing ? " (" + s.routing.tier + ": " + s.routing.reason + (typeof s.routing.score === "number" ? ", score " + s.routing.score.toFixed(2) : "") + ")" : "";
            fact(facts, "Model", (s.model || "none") + routing);
            if (s.stopReason) { fact(facts, "Stopped", s.stopReason.explanation + " [" + s.stopReason.code + "]"); }
            fact(facts, "Trace id", el("code", null, s.traceId));
            var tokens = s.tokens || {};
            fact(facts, "Cost", usd(s.costUsd) + " · " + grouped(tokens.input) + " input tokens (" + grouped(tokens.cachedInput) + " cached), " + grouped(tokens.output) + " output" + (typeof s.baselineCostUsd === "number" ? " · always-strong " + usd(s.baselineCostUsd) : ""));
            var latency = s.latency || {};
            var parts = [seconds(s.latencyMs) + " end to end"];
            if (latency.modelMs !== undefined) { parts.push(seconds(latency.modelMs) + " in model calls", seconds(latency.toolMs) + " in tools"); }
            if (latency.routingMs) { parts.push(seconds(latency.routingMs) + " routing"); }
            if (typeof latency.timeToFirstActionMs === "number") { parts.push("first action at " + seconds(latency.timeToFirstActionMs)); }
            fact(facts, "Latency", parts.join(" · "));
            if (s.toolChoice) {
              fact(facts, "Tool choice", "F1 " + s.toolChoice.f1.toFixed(2) + " (precision " + s.toolChoice.precision.toFixed(2) + ", recall " + s.toolChoice.recall.toFixed(2) + ")" +
                (typeof s.toolChoice.argumentAccuracy === "number" ? " · arguments " + Math.round(s.toolChoice.argumentAccuracy * 100) + "%" : "") +
                " · " + s.toolChoice.proposed + " calls proposed, " + s.toolChoice.expected + " expected");
            }
            fact(facts, "File", s.file);
            region.appendChild(facts);

            if (s.failures && s.failures.length) {
              region.appendChild(el("h4", null, "Why it failed"));
              if (s.diagnosis) { region.appendChild(el("p", "divergence", "Where it went wrong: " + s.diagnosis.summary)); }
              var problems = el("ul", "problems");
              s.failures.forEach(function (reason) { problems.appendChild(el("li", null, reason)); });
              region.appendChild(problems);
            }
            if (s.warnings && s.warnings.length) {
              region.appendChild(el("h4", null, "Warnings"));
              var warnings = el("ul", "warnings");
              s.warnings.forEach(function (text) { warnings.appendChild(el("li", null, text)); });
              region.appendChild(warnings);
            }
            renderTrajectory(region, s);
            region.appendChild(el("h4", null, "Reasoning chain"));
            var cursor = { calls: s.toolCalls || [], next: 0, divergence: s.divergence ? s.divergence.index : -1, agent: s.agent,
              wrong: s.diagnosis && typeof s.diagnosis.callIndex === "number" ? s.diagnosis.callIndex : -1 };
            region.appendChild(renderSteps(s.steps || [], cursor));
            if (s.finalAnswer !== null && s.finalAnswer !== undefined) {
              region.appendChild(el("h4", null, "Final answer"));
              region.appendChild(el("blockquote", null, s.finalAnswer));
            }
            renderChecks(region, s);
          }
          function renderTrajectory(region, s) {
            var expected = s.expectedCalls || [], actual = s.toolCalls || [];
            region.appendChild(el("h4", null, "Expected and actual calls" + (s.expectation ? " (judged " + s.expectation.trajectory + ")" : "")));
            if (s.divergence) {
              region.appendChild(el("p", "divergence", s.divergence.description));
            } else if (expected.length || actual.length) {
              region.appendChild(el("p", "muted", "The calls follow the expected sequence."));
            }
            if (!expected.length && !actual.length) {
              region.appendChild(el("p", "muted", "No calls were expected and none were made."));
              return;
            }
            var grid = el("table", "trajectory");
            var head = el("tr");
            ["#", "Expected", "Actual"].forEach(function (title) { var th = el("th", null, title); th.scope = "col"; head.appendChild(th); });
            var thead = el("thead");
            thead.appendChild(head);
            grid.appendChild(thead);
            var body = el("tbody");
            for (var i = 0; i < Math.max(expected.length, actual.length); i += 1) {
              var tr = el("tr", s.divergence && s.divergence.index === i ? "diverge" : null);
              var th = el("th", null, String(i + 1));
              th.scope = "row";
              tr.appendChild(th);
              var left = el("td");
              if (expected[i]) {
                left.appendChild(el("code", null, expected[i].name));
                if (expected[i].optional) { left.appendChild(el("span", "muted", " (optional)")); }
                if (expected[i].arguments !== undefined) { left.appendChild(el("pre", "compact", oneLineJSON(expected[i].arguments))); }
              }
              var right = el("td");
              if (actual[i]) {
                right.appendChild(el("code", null, actual[i].name));
                right.appendChild(document.createTextNode(" "));
                right.appendChild(el("span", "badge " + actual[i].outcome, actual[i].outcome));
                if (actual[i].agent !== s.agent) { right.appendChild(el("span", "muted", " by " + actual[i].agent)); }
                right.appendChild(el("pre", "compact", oneLineJSON(actual[i].arguments)));
              }
              if (s.divergence && s.divergence.index === i) { right.appendChild(el("strong", "divergence", "← first divergence")); }
              tr.appendChild(left);
              tr.appendChild(right);
              body.appendChild(tr);
            }
            grid.appendChild(body);
            region.appendChild(grid);
            if (s.divergence && s.divergence.index >= actual.length) {
              region.appendChild(el("p", "divergence", "The agent stopped after " + actual.length + " calls."));
            }
            var notes = el("ul", "plain");
            (s.unnecessaryCalls || []).forEach(function (i) {
              var call = actual[i];
              notes.appendChild(el("li", null, "Call " + (i + 1) + (call ? " (" + call.name + ")" : "") + " was not expected."));
            });
            (s.confusions || []).forEach(function (c) {
              var text = c.picked === c.expected ? "Called " + c.expected + ", but not with the expected arguments."
                : c.picked ? "Picked " + c.picked + " where " + c.expected + " was expected." : "Never called " + c.expected + ".";
              notes.appendChild(el("li", null, text));
            });
            if (notes.childNodes.length) { region.appendChild(notes); }
          }
          function renderSteps(steps, cursor) {
            var list = el("ol", "timeline");
            steps.forEach(function (step) {
              var item = el("li", "step");
              var tokens = step.tokens || {};
              var head = el("div", "step-head", "Step " + (step.index + 1) + " · " + step.model + " ");
              head.appendChild(el("span", "muted", "at " + seconds(step.startMs) + " · " + grouped(tokens.input) + " in" +
                (tokens.cachedInput ? " (" + grouped(tokens.cachedInput) + " cached)" : "") + ", " + grouped(tokens.output) + " out · " +
                usd(step.costUsd) + " · model " + seconds(step.modelLatencyMs) + (step.toolCalls ? " · tools " + seconds(step.toolLatencyMs) : "")));
              item.appendChild(head);
              if (step.thought) {
                var thought = el("div", "thought");
                thought.appendChild(el("span", "label", "Thought"));
                thought.appendChild(document.createTextNode(step.thought));
                item.appendChild(thought);
              }
              if (step.toolCalls) {
                var calls = el("ol", "calls");
                for (var k = 0; k < step.toolCalls && cursor.next < cursor.calls.length; k += 1) {
                  calls.appendChild(renderCall(cursor.calls[cursor.next], cursor));
                }
                item.appendChild(calls);
              }
              if (step.answer) {
                var answer = el("div", "answer");
                answer.appendChild(el("span", "label", "Answer"));
                answer.appendChild(document.createTextNode(step.answer));
                item.appendChild(answer);
              }
              list.appendChild(item);
            });
            return list;
          }
          function renderCall(call, cursor) {
            var index = cursor.next;
            cursor.next += 1;
            var item = el("li", "call" + (index === cursor.divergence || index === cursor.wrong ? " diverge" : ""));
            var head = el("div", "call-head");
            head.appendChild(el("span", "muted", "call " + (index + 1)));
            head.appendChild(el("code", "tool", call.name));
            if (call.sideEffect) { head.appendChild(el("span", "badge " + call.sideEffect, call.sideEffect)); }
            head.appendChild(el("span", "badge " + call.outcome, call.outcome));
            head.appendChild(el("span", "muted", "at " + seconds(call.startMs) + " · took " + seconds(call.latencyMs) + (call.agent !== cursor.agent ? " · by " + call.agent : "")));
            if (index === cursor.divergence) { head.appendChild(el("strong", "divergence", "first divergence")); }
            if (index === cursor.wrong && index !== cursor.divergence) { head.appendChild(el("strong", "divergence", "where it went wrong")); }
            item.appendChild(head);
            item.appendChild(labeled("Arguments", el("pre", null, pretty(call.arguments))));
            if (call.editedArguments !== undefined) { item.appendChild(labeled("Arguments as the approver edited them", el("pre", null, pretty(call.editedArguments)))); }
            var checks = el("div", "checks");
            if (call.validation) {
              var invalid = el("div");
              invalid.appendChild(el("span", "badge invalid", "invalid"));
              invalid.appendChild(document.createTextNode(" " + call.validation.message));
              var violations = el("ul", "plain");
              (call.validation.violations || []).forEach(function (v) { violations.appendChild(el("li", null, v.path + " [" + v.rule + "]: " + v.message)); });
              invalid.appendChild(violations);
              checks.appendChild(invalid);
            } else {
              checks.appendChild(el("span", null, "Validation: arguments match the schema"));
            }
            if (call.gateway) {
              if (call.gateway.decision === "deny") {
                var missing = call.gateway.missingScopes && call.gateway.missingScopes.length ? "; missing scope " + call.gateway.missingScopes.join(", ") : "";
                var denied = el("span");
                denied.appendChild(el("span", "badge deny", "denied"));
                denied.appendChild(document.createTextNode(" by the gateway: " + call.gateway.reason + " [" + call.gateway.rule + "]" + missing));
                checks.appendChild(denied);
              } else {
                checks.appendChild(el("span", null, "Gateway: allowed"));
              }
            } else if (!call.validation) {
              checks.appendChild(el("span", "muted", "Gateway: not reached"));
            }
            if (call.approval) {
              var approval = el("span");
              approval.appendChild(document.createTextNode("Approval: "));
              approval.appendChild(el("span", "badge " + call.approval.decision, call.approval.decision));
              var why = call.approval.reason || call.approval.note;
              if (why) { approval.appendChild(document.createTextNode(" " + why)); }
              checks.appendChild(approval);
            }
            item.appendChild(checks);
            if (typeof call.observation === "string") { item.appendChild(textBlock("Observation", observationText(call.observation))); }
            if (call.handoff) {
              var handoff = el("div", "handoff");
              handoff.appendChild(el("div", "step-head", "Handoff to " + call.handoff.agent + (call.handoff.model ? " on " + call.handoff.model : "") + (call.handoff.routingReason ? " (" + call.handoff.routingReason + ")" : "")));
              if (call.handoff.task) { handoff.appendChild(textBlock("Task", call.handoff.task)); }
              var outer = cursor.agent;
              cursor.agent = call.handoff.agent;
              handoff.appendChild(renderSteps(call.handoff.steps || [], cursor));
              cursor.agent = outer;
              handoff.appendChild(el("p", "muted", "Specialist stopped: " + call.handoff.stopReason));
              item.appendChild(handoff);
            }
            return item;
          }
          function renderChecks(region, s) {
            var e = s.expectation;
            if (!e) { return; }
            region.appendChild(el("h4", null, "What was checked"));
            var list = el("ul", "plain");
            var answer = e.finalAnswer || {};
            var rules = (answer.caseSensitive ? "case-sensitive" : "ignoring case") + (answer.ignorePunctuation ? ", ignoring punctuation" : "");
            if (answer.contains && answer.contains.length) { list.appendChild(el("li", null, "Final answer mentions: " + answer.contains.map(JSON.stringify).join(", ") + " (" + rules + ")")); }
            if (answer.notContains && answer.notContains.length) { list.appendChild(el("li", null, "Final answer never mentions: " + answer.notContains.map(JSON.stringify).join(", "))); }
            if (answer.matches && answer.matches.length) { list.appendChild(el("li", null, "Final answer matches: " + answer.matches.join(", "))); }
            if (typeof answer.equals === "string") { list.appendChild(el("li", null, "Final answer equals: " + JSON.stringify(answer.equals))); }
            if (e.neverCall && e.neverCall.length) {
              list.appendChild(el("li", null, "Never calls: " + e.neverCall.join(", ") + (s.security && s.security.neverCallViolated ? " (violated)" : " (held)")));
            }
            if (e.approvalsRequested && e.approvalsRequested.length) { list.appendChild(el("li", null, "Asks for approval of: " + e.approvalsRequested.join(", "))); }
            list.appendChild(el("li", null, "Stops: " + e.stopReason + " · trajectory " + e.trajectory + " · arguments " + oneLineJSON(e.arguments)));
            (s.retrieval || []).forEach(function (r) {
              list.appendChild(el("li", null, "Retrieves from " + r.document + " a passage containing " + JSON.stringify(r.contains) + ": " + (r.retrieved ? "yes, rank " + r.rank : "no")));
            });
            region.appendChild(list);
          }

          tbody.addEventListener("click", function (event) {
            var button = event.target.closest ? event.target.closest("button.open") : null;
            if (!button) { return; }
            toggle(button.closest("tr"));
            writeHash();
          });
          table.tHead.addEventListener("click", function (event) {
            var button = event.target.closest ? event.target.closest("button[data-sort]") : null;
            if (!button) { return; }
            var key = button.getAttribute("data-sort");
            sortDirection = key === sortKey ? -sortDirection : (numericKeys[key] && key !== "passed" ? -1 : 1);
            sortKey = key;
            sortRows();
            writeHash();
          });
          var pending = null;
          query.addEventListener("input", function () {
            clearTimeout(pending);
            pending = setTimeout(function () { limit = pageSize; applyFilters(); writeHash(); }, rows.length > 2000 ? 150 : 0);
          });
          family.addEventListener("change", function () { limit = pageSize; applyFilters(); writeHash(); });
          more.addEventListener("click", function () { limit += pageSize; applyFilters(); });
          all.addEventListener("click", function () { limit = rows.length; applyFilters(); });
          failedOnly.addEventListener("change", function () { limit = pageSize; applyFilters(); writeHash(); });
          window.addEventListener("hashchange", readHash);
          readHash();
        })();
        """#
}
