/* frontlines web map: areas of control and the front line (GET /api/areas), shaded under the
 * markers in the faction colours, redrawn whenever the map's date changes, with their own legend
 * block. Hovering an area names its holder and the places behind it (as text, never HTML).
 *
 *   var areas = new FL.Areas(map, colours);   // after the map exists
 *   areas.show("2015-08-01");                 // returns a promise; body[data-areas-at] when drawn
 */
(function () {
  "use strict";
  var FL = window.FL;
  var el = FL.el;
  var STATUS = {
    confirmed: { fillOpacity: 0.38, dashArray: null, label: "confirmed: the record says so" },
    reported: { fillOpacity: 0.22, dashArray: "5 4", label: "reported: one report, not yet confirmed" },
    disputed: { fillOpacity: 0.14, dashArray: "2 5", label: "disputed: reports disagree" }
  };
  var FRONT = { color: "#212121", weight: 2.5, opacity: 0.85, dashArray: "7 4", interactive: false, pane: "fl-front" };

  function Areas(map, colours) {
    this.map = map;
    this.colours = colours;
    this.seq = 0;
    this.data = null;
    map.createPane("fl-areas").style.zIndex = 410;  /* above the basemap (overlay pane, 400) */
    map.createPane("fl-front").style.zIndex = 420;  /* under the markers (600) */
    map.getPane("fl-front").style.pointerEvents = "none";
    this.layer = L.layerGroup().addTo(map);
    var self = this;
    this.legend = L.control({ position: "bottomright" });
    this.legend.onAdd = function () { return el("div", { className: "legend areas-legend", id: "areas-legend" }); };
    this.legend.addTo(map);
    map.on("remove", function () { self.layer.clearLayers(); });
  }

  Areas.prototype.show = function (at, country) {
    var seq = ++this.seq, self = this;
    var url = "/api/areas?at=" + encodeURIComponent(at) + (country ? "&country=" + encodeURIComponent(country) : "");
    document.body.dataset.areasLoading = "true";
    return fetch(url).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(((body.error || {}).code || res.status) + ": " + ((body.error || {}).message || res.statusText));
        return body;
      });
    }).then(function (fc) {
      if (seq !== self.seq) return;
      self.data = fc;
      self.render();
      document.body.dataset.areasAt = at;
      delete document.body.dataset.areasLoading;
    }).catch(function (e) {
      if (seq !== self.seq) return;
      self.layer.clearLayers();
      self.data = null;
      self.renderLegend(e.message);
      document.body.dataset.areasAt = at;
      delete document.body.dataset.areasLoading;
    });
  };

  Areas.prototype.colourOf = function (p) {
    this.colours.note({ faction: p.faction, name: p.name, government: p.government });
    return this.colours.of(p.faction, p.government);
  };

  Areas.prototype.render = function () {
    var self = this, fc = this.data;
    this.layer.clearLayers();
    fc.features.forEach(function (f) {
      var p = f.properties, st = STATUS[p.status] || STATUS.confirmed, colour = self.colourOf(p);
      var layer = L.geoJSON(f, { pane: "fl-areas", style: {
        color: colour, weight: 1, opacity: 0.6, fillColor: colour, fillOpacity: st.fillOpacity, dashArray: st.dashArray } });
      layer.bindTooltip(tooltip(p), { sticky: true, direction: "top", className: "area-tooltip" });
      layer.eachLayer(function (part) {
        part.on("add", function () { mark(part, p); });
        part.on("mouseover", function () { part.setStyle({ weight: 2.5, opacity: 1 }); });
        part.on("mouseout", function () { part.setStyle({ weight: 1, opacity: 0.6 }); });
      });
      self.layer.addLayer(layer);
      layer.eachLayer(function (part) { mark(part, p); });
    });
    if (fc.front) this.layer.addLayer(L.geoJSON(fc.front, { style: FRONT, pane: "fl-front" }));
    this.renderLegend(null);
  };

  /* the path's holder and status as data attributes (tests and styling read them) */
  function mark(part, p) {
    var node = part.getElement && part.getElement();
    if (!node) return;
    node.setAttribute("data-area-faction", p.faction || "unknown");
    node.setAttribute("data-area-status", p.status || "confirmed");
    node.classList.add("fl-area");
  }

  function tooltip(p) {
    var more = p.places > p.place_names.length ? " and " + (p.places - p.place_names.length) + " more" : "";
    return el("div", { className: "area-tip" },
      el("strong", { text: p.name || p.faction }), " ",
      el("span", { className: "muted", text: "(" + p.status + ")" }),
      el("div", { text: p.places + " place(s) behind this area: " + p.place_names.join(", ") + more }));
  }

  Areas.prototype.renderLegend = function (error) {
    var box = document.getElementById("areas-legend");
    if (!box) return;
    FL.clear(box);
    var fc = this.data, self = this;
    box.appendChild(el("strong", { text: "Areas of control" }));
    if (error) { box.appendChild(el("div", { className: "muted", text: "not available: " + error })); return; }
    if (!fc || !fc.features.length) { box.appendChild(el("div", { className: "muted", text: "no area at this date" })); return; }
    var seen = {}, statuses = {};
    fc.features.forEach(function (f) {
      var p = f.properties;
      statuses[p.status] = true;
      if (seen[p.faction]) return;
      seen[p.faction] = true;
      var sw = el("span", { className: "area-swatch" });
      sw.style.setProperty("background", self.colourOf(p));
      box.appendChild(el("div", { dataset: { areaLegend: p.faction } }, sw, " " + (p.name || p.faction)));
    });
    Object.keys(STATUS).forEach(function (s) {
      if (!statuses[s] && s !== "confirmed") return;
      var sw = el("span", { className: "area-swatch status-" + s });
      box.appendChild(el("div", { className: "muted" }, sw, " " + STATUS[s].label));
    });
    box.appendChild(el("div", { className: "muted" }, el("span", { className: "front-sample" }), " front line (" +
      Math.round((fc.front && fc.front.properties.km) || 0) + " km)"));
    var km = fc.coverage && fc.coverage.max_km;
    box.appendChild(el("div", { className: "muted", text: "blank land: farther than " + km +
      " km from every place of known holder" }));
  };

  FL.Areas = Areas;
})();
