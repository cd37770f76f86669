/* frontlines web map: DOM helpers and the cards that show events, sources and findings.
 *
 * Every piece of data (article text, titles, evidence, names) goes into the page as TEXT
 * (document.createTextNode / textContent), never as HTML: a <script> or an <img onerror> in an
 * article is shown, not run. Links are made only from http(s) URLs.
 */
(function () {
  "use strict";

  var TYPE_LABELS = {
    control_change: "Control change", advance: "Advance", clash: "Clash", attack: "Attack",
    support: "Support", threat: "Threat", protest: "Protest", yield: "Yield (surrender, ceasefire, release)",
    control_claim: "Control claim"
  };
  var TYPE_SYMBOLS = {
    control_change: "\u25C6", advance: "\u27A4", clash: "\u2694", attack: "\u2739",
    support: "+", threat: "!", protest: "\u270A", yield: "\u2690", control_claim: "\u2691"
  };
  var DATE_PRECISION = { 1: "day", 2: "week", 3: "month", 4: "vague" };
  var PALETTE = ["#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457",
                 "#9e9d24", "#283593", "#00695c", "#4e342e", "#37474f"];
  var GOVERNMENT = "#c62828";
  var UNKNOWN = "#757575";

  /* el("div", {className: "x", dataset: {id: 1}}, "text", child...) -- children as text nodes */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    var a = attrs || {};
    Object.keys(a).forEach(function (key) {
      var value = a[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.keys(value).forEach(function (k) { node.dataset[k] = String(value[k]); });
      else if (key === "text") node.textContent = String(value);
      else if (key === "href") { var safe = safeUrl(value); if (safe) node.setAttribute("href", safe); }
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* a link target only for http(s) URLs; anything else (javascript:, data:) gives null */
  function safeUrl(value) {
    try {
      var u = new URL(String(value), window.location.href);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (e) { return null; }
  }

  function quote(sentence) { return "\u201C" + String(sentence || "").trim() + "\u201D"; }

  function dateText(d) {
    if (!d) return "date unknown";
    var span = d.start === d.end ? d.start : d.start + " \u2013 " + d.end;
    return span + " (" + (DATE_PRECISION[d.precision] || "?") + ")";
  }

  function actorText(a) {
    if (!a) return "unknown actor";
    var side = a.government === true ? "government side" : a.government === false ? "non-government" : "side unknown";
    return (a.name || a.text || a.faction) + " (" + side + ")";
  }

  function placeText(p) {
    if (!p) return "no place";
    var parts = [p.name || p.text];
    if (p.admin1) parts.push(p.admin1);
    if (p.country) parts.push(p.country);
    return parts.join(", ");
  }

  /* faction colours: the government side red, others from the palette in order of first sight */
  function Colours() { this.byFaction = {}; this.next = 0; this.names = {}; this.gov = {}; }
  Colours.prototype.note = function (actor) {
    if (!actor || !actor.faction) return;
    if (!this.names[actor.faction]) this.names[actor.faction] = actor.name || actor.faction;
    if (actor.government === true) this.gov[actor.faction] = true;
  };
  Colours.prototype.of = function (faction, government) {
    if (!faction || faction === "unknown") return UNKNOWN;
    if (government === true || this.gov[faction]) return GOVERNMENT;
    if (!this.byFaction[faction]) this.byFaction[faction] = PALETTE[this.next++ % PALETTE.length];
    return this.byFaction[faction];
  };

  function badge(text, cls) { return el("span", { className: "badge " + (cls || ""), text: text }); }

  function sourceItem(src) {
    var li = el("li", { className: "source" });
    var label = src.title || src.citation || src.source || src.ref_id;
    var url = src.url ? safeUrl(src.url) : null;
    li.appendChild(badge(src.origin, "origin-" + src.origin));
    li.appendChild(url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: label })
                       : el("span", { className: "source-title", text: label }));
    if (src.published) li.appendChild(el("span", { className: "muted", text: " \u00B7 " + src.published }));
    if (src.source && src.title) li.appendChild(el("span", { className: "muted", text: " \u00B7 " + src.source }));
    if (src.citation && src.title) li.appendChild(el("div", { className: "citation", text: src.citation }));
    if (src.evidence && src.evidence.sentence) {
      li.appendChild(el("blockquote", { className: "evidence", text: quote(src.evidence.sentence) }));
    }
    return li;
  }

  function findingItem(f) {
    var li = el("li", { className: "finding finding-" + f.kind, dataset: { kind: f.kind } },
      badge(f.kind, "kind-" + f.kind), " ", el("strong", { text: f.verdict }));
    if (f.place) li.appendChild(el("span", { className: "muted", text: " \u00B7 " + placeText(f.place) }));
    if (f.detail) li.appendChild(el("p", { className: "detail", text: f.detail }));
    if (f.claim && f.claim.sentence) li.appendChild(el("blockquote", { className: "evidence claim", text: quote(f.claim.sentence) }));
    if (f.record && f.record.length) {
      var ul = el("ul", { className: "record" });
      f.record.forEach(function (r) { ul.appendChild(sourceItem(r)); });
      li.appendChild(el("div", { className: "muted", text: "the record:" }), ul);
    }
    return li;
  }

  function findingsList(findings) {
    if (!findings || !findings.length) return el("p", { className: "muted", text: "No claim findings about this event." });
    var ul = el("ul", { className: "findings" });
    findings.forEach(function (f) { ul.appendChild(findingItem(f)); });
    return el("div", null, el("h4", { text: "Claim checks" }), ul);
  }

  /* one event: headline, when/who/where, the quoted evidence, then its sources (filled by
   * `detail` from GET /api/events/{id}: sources, articles, findings) */
  function eventCard(ev, colours, detail) {
    var colour = colours.of(ev.actor && ev.actor.faction, ev.actor && ev.actor.government);
    var card = el("article", { className: "event-card type-" + ev.type, dataset: { eventId: ev.id, type: ev.type } });
    var swatch = el("span", { className: "swatch" });
    swatch.style.setProperty("background", colour);
    card.appendChild(el("h3", null, swatch, (TYPE_LABELS[ev.type] || ev.type) + " \u00B7 " + placeText(ev.place)));
    var facts = el("dl", { className: "facts" });
    function fact(k, v) { facts.appendChild(el("dt", { text: k })); facts.appendChild(el("dd", { text: v })); }
    fact("When", dateText(ev.date));
    fact(ev.type === "control_change" ? "Gained by" : "Actor", actorText(ev.actor));
    if (ev.target) fact(ev.type === "control_change" ? "Lost by" : "Target", actorText(ev.target));
    if (ev.acled_sub_event_type) fact("ACLED", ev.acled_event_type + " / " + ev.acled_sub_event_type);
    fact("Confidence", Number(ev.confidence).toFixed(2) + " \u00B7 " + (ev.corroboration || 1) + " source(s)");
    card.appendChild(facts);
    if (ev.evidence && ev.evidence.sentence) {
      card.appendChild(el("blockquote", { className: "evidence main-evidence", text: quote(ev.evidence.sentence) }));
    }
    if (ev.conflicts && ev.conflicts.length) {
      card.appendChild(el("p", { className: "conflict", text: "Conflicting reports: " + ev.conflicts.length +
        " other event(s) disagree (another gainer or date)." }));
    }
    var srcs = (detail && detail.sources) || ev.sources || [];
    if (srcs.length) {
      var ul = el("ul", { className: "sources" });
      srcs.forEach(function (s) { ul.appendChild(sourceItem(s)); });
      card.appendChild(el("h4", { text: "Sources" }));
      card.appendChild(ul);
    }
    if (detail) card.appendChild(findingsList(detail.findings));
    else card.appendChild(el("p", { className: "muted loading", text: "loading sources and checks\u2026" }));
    return card;
  }

  window.FL = {
    el: el, append: append, clear: clear, safeUrl: safeUrl, quote: quote, dateText: dateText,
    actorText: actorText, placeText: placeText, Colours: Colours, eventCard: eventCard,
    findingItem: findingItem, sourceItem: sourceItem, badge: badge,
    TYPE_LABELS: TYPE_LABELS, TYPE_SYMBOLS: TYPE_SYMBOLS, GOVERNMENT: GOVERNMENT, UNKNOWN: UNKNOWN
  };
})();
