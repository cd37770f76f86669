/* frontlines web map: the map, the time slider, the filters, the side list and the article box.
 * Data comes only from this server's /api; Leaflet and the basemap from /assets (installed at
 * set-up). Rendering helpers (text only, never HTML) are in render.js.
 */
(function () {
  "use strict";
  var FL = window.FL;
  var el = FL.el;
  var DAY = 86400000;
  var MAX_PAGES = 20;        // 20 x 1000 events at most are loaded into the page
  var PAGE = 1000;

  var state = {
    events: [], capped: false, features: [], at: null, min: null, max: null,
    types: {}, factions: {}, selected: {}, controlSeq: 0, playTimer: null, writable: false
  };
  var colours = new FL.Colours();
  var map, placeLayer, eventLayer, legend, areas;
  /* how sure the record is of a controller (the period's "status"): drawn solid, hollow, dashed */
  var STATUSES = { confirmed: "confirmed (reference, import or 2+ outlets)", reported: "reported (one outlet)",
                   disputed: "disputed (sources disagree)" };
  var $ = function (id) { return document.getElementById(id); };

  function notice(text, kind) {
    var n = $("notice");
    n.textContent = text || "";
    n.className = kind || "";
    n.hidden = !text;
  }

  function api(path, options) {
    return fetch(path, options).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          var e = (body && body.error) || {};
          var err = new Error((e.code || res.status) + ": " + (e.message || res.statusText));
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  }

  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function parse(day) { return Date.parse(day + "T00:00:00Z"); }
  function sliderDay() { return iso(state.min + Number($("slider").value) * DAY); }

  /* ---------------------------------------------------------------- data */
  function loadEvents() {
    var all = [];
    function page(cursor, n) {
      var url = "/api/events?limit=" + PAGE + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return api(url).then(function (body) {
        all = all.concat(body.events);
        if (body.next && n + 1 < MAX_PAGES) return page(body.next, n + 1);
        state.capped = !!body.next;
        return all;
      });
    }
    return page(null, 0).then(function (events) {
      state.events = events;
      events.forEach(function (e) { colours.note(e.actor); colours.note(e.target); });
    });
  }

  function dateSpan() {
    var lo = null, hi = null;
    state.events.forEach(function (e) {
      if (!e.date) return;
      var s = parse(e.date.start), t = parse(e.date.end);
      if (lo === null || s < lo) lo = s;
      if (hi === null || t > hi) hi = t;
    });
    var today = parse(iso(Date.now()));
    if (hi === null) { hi = today; lo = today - 365 * DAY; }
    state.min = lo; state.max = hi;
    var slider = $("slider");
    slider.max = String(Math.round((hi - lo) / DAY));
    slider.dataset.min = iso(lo);
    slider.value = slider.max;
  }

  /* ---------------------------------------------------------------- filters */
  function buildFilters() {
    var types = {}, factions = {};
    state.events.forEach(function (e) {
      types[e.type] = true;
      [e.actor, e.target].forEach(function (a) { if (a && a.faction) factions[a.faction] = true; });
    });
    var tbox = $("type-filters");
    Object.keys(FL.TYPE_LABELS).forEach(function (t) {
      if (!(t in state.types)) state.types[t] = true;
      var input = el("input", { type: "checkbox", value: t, dataset: { filter: "type" } });
      input.checked = state.types[t];
      input.addEventListener("change", function () { state.types[t] = input.checked; render(); });
      tbox.appendChild(el("label", { className: "filter" + (types[t] ? "" : " absent") }, input, " ",
        el("span", { className: "symbol", text: FL.TYPE_SYMBOLS[t] }), " " + FL.TYPE_LABELS[t]));
    });
    addFactionFilters(Object.keys(factions));
  }

  function addFactionFilters(ids) {
    var fbox = $("faction-filters");
    ids.sort().forEach(function (f) {
      if (f in state.factions) return;
      state.factions[f] = true;
      var input = el("input", { type: "checkbox", value: f, dataset: { filter: "faction" } });
      input.checked = true;
      input.addEventListener("change", function () { state.factions[f] = input.checked; render(); });
      var sw = el("span", { className: "swatch" });
      sw.style.setProperty("background", colours.of(f));
      fbox.appendChild(el("label", { className: "filter" }, input, " ", sw, " " + (colours.names[f] || f)));
    });
  }

  function factionOn(actor) { return !actor || !actor.faction || state.factions[actor.faction] !== false; }

  function eventVisible(e) {
    if (!state.types[e.type]) return false;
    if (!(factionOn(e.actor) || (e.target && factionOn(e.target)))) return false;
    var win = $("window").value;
    if (!e.date) return win === "all";
    var at = parse(state.at);
    if (parse(e.date.start) > at) return false;
    return win === "all" || parse(e.date.end) >= at - Number(win) * DAY;
  }

  /* ---------------------------------------------------------------- map */
  function initMap() {
    map = L.map("map", { attributionControl: false, zoomSnap: 0.5, worldCopyJump: true }).setView([35, 38.5], 6);
    L.control.attribution({ prefix: false }).addAttribution(
      "Basemap: Natural Earth (public domain) \u00B7 Leaflet").addTo(map);
    placeLayer = L.layerGroup().addTo(map);
    eventLayer = L.layerGroup().addTo(map);
    map.on("moveend", function () { renderList(); saveHash(); });
    map.on("zoomend", zoomClass);
    zoomClass();
    legend = L.control({ position: "bottomright" });
    legend.onAdd = function () { return el("div", { className: "legend", id: "legend" }); };
    legend.addTo(map);
    areas = new FL.Areas(map, colours);  /* areas of control under the markers (areas.js) */
    return api("/assets/basemap/countries.geojson").then(function (geo) {
      L.geoJSON(geo, { interactive: false, style: { color: "#8d8d8d", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 } })
        .addTo(map).bringToBack();
    }).catch(function (e) { notice("Basemap missing (" + e.message + "): run scripts/setup_assets.sh", "error"); });
  }

  /* at low zoom only the places with events in view keep their labels (the others on hover) */
  function zoomClass() { map.getContainer().classList.toggle("zoom-low", map.getZoom() < 8); }

  /* the view and the date live in the URL hash (#at=2015-01-01&z=9&lat=35.9&lon=36.6): links can be shared */
  function readHash() {
    var h = new URLSearchParams(window.location.hash.slice(1));
    var out = {};
    if (/^\d{4}-\d{2}-\d{2}$/.test(h.get("at") || "")) out.at = h.get("at");
    var z = Number(h.get("z")), lat = Number(h.get("lat")), lon = Number(h.get("lon"));
    if (h.get("z") && h.get("lat") && h.get("lon") && isFinite(z) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      out.view = { z: z, lat: lat, lon: lon };
    }
    return out;
  }

  function saveHash() {
    if (!map || !state.at || document.body.dataset.ready !== "true") return;
    var c = map.getCenter();
    var h = "at=" + state.at + "&z=" + map.getZoom() + "&lat=" + c.lat.toFixed(4) + "&lon=" + c.lng.toFixed(4);
    window.history.replaceState(null, "", "#" + h);
  }

  function placeMarker(f, busy) {
    var p = f.properties, c = p.controller || {};
    var status = STATUSES[p.status] ? p.status : "reported";
    var node = el("div", { className: "place status-" + status + (busy[p.geonameid] ? " has-events" : ""), dataset: {
      geonameid: p.geonameid, name: p.name, faction: c.faction || "unknown", status: status,
      government: c.government === true ? "true" : c.government === false ? "false" : "unknown" } },
      el("span", { className: "dot" }), el("span", { className: "label", text: p.name }));
    node.querySelector(".dot").style.setProperty("background", colours.of(c.faction, c.government));
    var claims = (p.claims || []).length;
    node.title = p.name + ": " + (c.name || c.faction || "unknown") + (p.start ? " since " + p.start : "") +
      " (" + status + (claims ? "; " + claims + " competing claim" + (claims > 1 ? "s" : "") : "") + ")";
    var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    var m = L.marker(ll, { icon: L.divIcon({ className: "place-icon", html: node, iconSize: [14, 14], iconAnchor: [7, 7] }),
                           keyboard: true, title: p.name, riseOnHover: true });
    m.on("click", function () { showPlace(f); });
    return m;
  }

  function groupKey(e) { return e.place.geonameid !== null ? String(e.place.geonameid) : e.place.lat + "," + e.place.lon; }

  function eventMarker(kind, events) {
    var first = events[0];
    var control = kind === "control";
    var faction = first.actor && first.actor.faction;
    var node = el("div", { className: "ev " + (control ? "ev-control" : "ev-other"), dataset: {
      kind: kind, geonameid: first.place.geonameid, place: first.place.name, count: events.length,
      eventIds: events.map(function (e) { return e.id; }).join(" ") } },
      el("span", { className: "sym", text: control ? FL.TYPE_SYMBOLS.control_change : FL.TYPE_SYMBOLS[first.type] }),
      events.length > 1 ? el("span", { className: "n", text: String(events.length) }) : null);
    node.style.setProperty("border-color", colours.of(faction, first.actor && first.actor.government));
    node.title = events.length + " " + (control ? "control change(s)" : "other event(s)") + " at " + first.place.name;
    var icon = L.divIcon({ className: "ev-icon", html: node, iconSize: [20, 20], iconAnchor: control ? [24, 24] : [-4, 24] });
    var m = L.marker([first.place.lat, first.place.lon], { icon: icon, keyboard: true, title: node.title });
    m.on("click", function () { showEvents(events, first.place.name); });
    return m;
  }

  function render() {
    placeLayer.clearLayers();
    eventLayer.clearLayers();
    var visible = visibleEvents(), busy = {};
    visible.forEach(function (e) { if (e.place && e.place.geonameid !== null) busy[e.place.geonameid] = true; });
    state.features.forEach(function (f) {
      var c = f.properties.controller || {};
      if (c.faction && state.factions[c.faction] === false) return;
      placeLayer.addLayer(placeMarker(f, busy));
    });
    var groups = {};
    visible.forEach(function (e) {
      if (!e.place || e.place.lat === null || e.place.lon === null) return;
      var kind = e.type === "control_change" ? "control" : "other";
      var key = kind + "|" + groupKey(e);
      (groups[key] = groups[key] || []).push(e);
    });
    Object.keys(groups).forEach(function (k) { eventLayer.addLayer(eventMarker(k.split("|")[0], groups[k])); });
    renderLegend();
    renderList();
  }

  function visibleEvents() { return state.events.filter(eventVisible); }

  function renderLegend() {
    var box = $("legend");
    if (!box) return;
    FL.clear(box);
    box.appendChild(el("strong", { text: "Controller on " + state.at }));
    var seen = {};
    state.features.forEach(function (f) {
      var c = f.properties.controller || {};
      var key = c.faction || "unknown";
      if (seen[key]) return;
      seen[key] = true;
      var sw = el("span", { className: "swatch" });
      sw.style.setProperty("background", colours.of(c.faction, c.government));
      box.appendChild(el("div", null, sw, " " + (c.name || key)));
    });
    if (!state.features.length) box.appendChild(el("div", { className: "muted", text: "no control record at this date" }));
    var how = el("div", { className: "legend-status" });
    Object.keys(STATUSES).forEach(function (st) {
      how.appendChild(el("div", { className: "place status-" + st, dataset: { status: st } },
        el("span", { className: "dot" }), el("span", { className: "label", text: STATUSES[st] })));
    });
    box.appendChild(how);
    box.appendChild(el("div", { className: "muted", text: "\u25C6 control change \u00B7 \u25CF other events" }));
  }

  function renderList() {
    var list = $("event-list");
    FL.clear(list);
    var bounds = map && map.getBounds();
    var inView = $("only-in-view").checked;
    var items = visibleEvents().filter(function (e) {
      if (!inView || !bounds) return true;
      return e.place && e.place.lat !== null && bounds.contains([e.place.lat, e.place.lon]);
    });
    items.sort(function (a, b) { return (b.date ? b.date.end : "") < (a.date ? a.date.end : "") ? -1 : 1; });
    $("event-count").textContent = "(" + items.length + (state.capped ? ", first " + state.events.length + " loaded" : "") + ")";
    items.slice(0, 500).forEach(function (e) {
      var li = el("li", { className: "event-item" + (state.selected[e.id] ? " selected" : ""), tabindex: "0",
                          dataset: { eventId: e.id, type: e.type } },
        el("span", { className: "symbol", text: FL.TYPE_SYMBOLS[e.type] || "?" }), " ",
        el("strong", { text: FL.TYPE_LABELS[e.type] || e.type }), " \u00B7 ",
        el("span", { className: "place-name", text: e.place ? e.place.name : "no place" }),
        el("div", { className: "muted", text: (e.date ? e.date.end : "date unknown") + " \u00B7 " +
          (e.actor ? e.actor.name : "unknown actor") }));
      function pick() { selectEvent(e); }
      li.addEventListener("click", pick);
      li.addEventListener("keydown", function (k) { if (k.key === "Enter") pick(); });
      list.appendChild(li);
    });
  }

  /* the selection survives re-renders of the list (map moves, new control data) */
  function highlight(ids) {
    var set = {};
    ids.forEach(function (i) { set[i] = true; });
    state.selected = set;
    var first = null;
    Array.prototype.forEach.call(document.querySelectorAll("#event-list li"), function (li) {
      var on = !!set[li.dataset.eventId];
      li.classList.toggle("selected", on);
      if (on && !first) first = li;
    });
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function selectEvent(e) {
    if (e.place && e.place.lat !== null) map.panTo([e.place.lat, e.place.lon]);
    showEvents([e], e.place ? e.place.name : "");
  }

  /* ---------------------------------------------------------------- details panel */
  function details(title) {
    var body = $("details-body");
    FL.clear(body);
    delete body.dataset.geonameid;
    body.appendChild(el("h2", { text: title }));
    return body;
  }

  function withDetail(card, ev) {
    api("/api/events/" + encodeURIComponent(ev.id)).then(function (detail) {
      card.replaceWith(FL.eventCard(ev, colours, detail));
    }).catch(function (e) {
      var l = card.querySelector(".loading");
      if (l) l.textContent = "could not load sources: " + e.message;
    });
  }

  function showEvents(events, placeName) {
    var body = details(events.length + " event(s) at " + placeName);
    highlight(events.map(function (e) { return e.id; }));
    events.forEach(function (ev) {
      var card = FL.eventCard(ev, colours, null);
      body.appendChild(card);
      withDetail(card, ev);
    });
  }

  function showPlace(f) {
    var p = f.properties, c = p.controller || {};
    var body = details(p.name);
    body.dataset.geonameid = p.geonameid;
    body.appendChild(el("p", { className: "muted", text: [p.admin1, p.country].filter(Boolean).join(", ") }));
    body.appendChild(el("p", { className: "controller", text: "On " + state.at + ": held by " + FL.actorText(c) +
      (p.start ? " since " + p.start : "") + " (" + (p.status || "reported") + ", confidence " +
      Number(p.confidence).toFixed(2) + ")" }));
    (p.claims || []).forEach(function (k) {
      body.appendChild(el("p", { className: "claim", dataset: { status: k.status }, text: "Competing claim (" + k.status +
        "): " + FL.actorText(k.controller) + " from " + k.start + ", " + k.outlets.length + " source" +
        (k.outlets.length === 1 ? "" : "s") + (k.doubtful ? ", from an article found doubtful" : "") }));
    });
    var tl = el("div", { className: "timeline" }, el("p", { className: "muted", text: "loading the control timeline\u2026" }));
    body.appendChild(tl);
    api("/api/places/" + p.geonameid + "/control").then(function (res) {
      FL.clear(tl);
      tl.appendChild(el("h4", { text: "Control timeline" }));
      var ol = el("ol", { className: "periods" });
      res.periods.forEach(function (per) {
        var li = el("li", null, el("strong", { text: (per.start || "?") + " \u2013 " + (per.end || "now") }), " " +
          FL.actorText(per.controller) + " \u00B7 " + (per.status || "reported") + " \u00B7 confidence " +
          Number(per.confidence).toFixed(2) + ((per.claims || []).length ? " \u00B7 " + per.claims.length + " competing claim(s)" : ""));
        if (per.sources.length) {
          var ul = el("ul", { className: "sources" });
          per.sources.forEach(function (s) { ul.appendChild(FL.sourceItem(s)); });
          li.appendChild(ul);
        }
        ol.appendChild(li);
      });
      tl.appendChild(ol);
    }).catch(function (e) { FL.clear(tl); tl.appendChild(el("p", { className: "muted", text: e.message })); });
    var here = state.events.filter(function (e) { return e.place && e.place.geonameid === p.geonameid; });
    here.sort(function (a, b) { return (b.date ? b.date.end : "") < (a.date ? a.date.end : "") ? -1 : 1; });
    body.appendChild(el("h4", { text: here.length + " event(s) here" }));
    highlight(here.map(function (e) { return e.id; }));
    here.forEach(function (ev) {
      var card = FL.eventCard(ev, colours, null);
      body.appendChild(card);
      withDetail(card, ev);
    });
  }

  /* ---------------------------------------------------------------- time */
  var controlTimer = null;
  function setDate(fetchNow) {
    state.at = sliderDay();
    $("date-label").textContent = state.at;
    clearTimeout(controlTimer);
    controlTimer = setTimeout(loadControl, fetchNow ? 0 : 120);
  }

  function loadControl() {
    var seq = ++state.controlSeq;
    var at = state.at;
    document.body.dataset.loading = "control";
    if (areas) areas.show(at);
    return api("/api/control?at=" + at).then(function (fc) {
      if (seq !== state.controlSeq) return;
      state.features = fc.features;
      var ids = [];
      fc.features.forEach(function (f) { var c = f.properties.controller; colours.note(c); if (c && c.faction) ids.push(c.faction); });
      addFactionFilters(ids);
      render();
      saveHash();
      document.body.dataset.shownAt = at;
      delete document.body.dataset.loading;
    }).catch(function (e) { notice("Control map: " + e.message, "error"); delete document.body.dataset.loading; });
  }

  function togglePlay() {
    var btn = $("play"), slider = $("slider");
    if (state.playTimer) {
      clearInterval(state.playTimer); state.playTimer = null;
      btn.textContent = "\u25B6"; btn.setAttribute("aria-label", "Play");
      return;
    }
    if (Number(slider.value) >= Number(slider.max)) slider.value = "0";
    var step = Math.max(1, Math.round(Number(slider.max) / 120));
    btn.textContent = "\u23F8"; btn.setAttribute("aria-label", "Pause");
    state.playTimer = setInterval(function () {
      var v = Math.min(Number(slider.max), Number(slider.value) + step);
      slider.value = String(v);
      setDate(true);
      if (v >= Number(slider.max)) togglePlay();
    }, 600);
  }

  /* ---------------------------------------------------------------- article box */
  function initAnalyze() {
    $("analyze").hidden = !state.writable;
    $("analyze-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = $("analyze-result");
      FL.clear(out);
      var text = $("article-text").value;
      var body = {};
      body[$("as-html").checked ? "html" : "text"] = text;
      ["published", "country", "title", "url"].forEach(function (k) { var v = $(k).value.trim(); if (v) body[k] = v; });
      $("analyze-submit").disabled = true;
      out.appendChild(el("p", { className: "muted", text: "analysing\u2026" }));
      api("/api/articles", { method: "POST", body: JSON.stringify(body), headers: {
        "Content-Type": "application/json", "Authorization": "Bearer " + $("token").value } })
        .then(function (res) {
          FL.clear(out);
          out.appendChild(el("p", { text: "Stored \u201C" + (res.article.title || res.article.id) + "\u201D: " +
            res.events.length + " event(s), " + res.findings.length + " finding(s)." }));
          res.events.forEach(function (e) { out.appendChild(FL.eventCard(e, colours, { sources: e.sources, findings: res.findings.filter(function (f) { return f.event_id === e.id; }) })); });
          return loadEvents().then(function () { buildFiltersAgain(); setDate(true); });
        })
        .catch(function (e) { FL.clear(out); out.appendChild(el("p", { className: "error", text: e.message })); })
        .then(function () { $("analyze-submit").disabled = false; });
    });
  }

  function buildFiltersAgain() {
    var ids = [];
    state.events.forEach(function (e) { [e.actor, e.target].forEach(function (a) { if (a && a.faction) ids.push(a.faction); }); });
    addFactionFilters(ids);
  }

  /* ---------------------------------------------------------------- start */
  function start() {
    if (typeof L === "undefined") {
      notice("The map library is not installed: run scripts/setup_assets.sh, then reload.", "error");
      return;
    }
    api("/api/health").then(function (h) { state.writable = !!h.writable; initAnalyze(); })
      .catch(function (e) { notice("API: " + e.message, "error"); });
    initMap().then(loadEvents).then(function () {
      dateSpan();
      buildFilters();
      if (state.capped) notice("Showing the first " + state.events.length + " events of the store.", "info");
      $("slider").addEventListener("input", function () { setDate(false); });
      $("window").addEventListener("change", render);
      $("only-in-view").addEventListener("change", renderList);
      $("play").addEventListener("click", togglePlay);
      var wanted = readHash();
      if (wanted.at) {
        var idx = Math.round((parse(wanted.at) - state.min) / DAY);
        $("slider").value = String(Math.max(0, Math.min(Number($("slider").max), idx)));
      }
      map.invalidateSize();
      if (wanted.view) map.setView([wanted.view.lat, wanted.view.lon], wanted.view.z);
      else fitToData();
      setDate(true);
      document.body.dataset.ready = "true";
    }).catch(function (e) { notice("Could not load events: " + e.message, "error"); });
  }

  function fitToData() {
    var pts = state.events.filter(function (e) { return e.place && e.place.lat !== null; })
      .map(function (e) { return [e.place.lat, e.place.lon]; });
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.15), { maxZoom: 8 });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
