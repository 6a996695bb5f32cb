// The explorer's own behaviour: filters, search, neighbourhoods and the details panel.
// Filtering flips vis "hidden" flags instead of rebuilding the network, so positions stay put.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("ag-data").textContent);
  const $ = (id) => document.getElementById(id);
  // Inferred relations (balance-theory predictions) are drawn dotted, hidden until asked for.
  const inferred = data.inferred || [];
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges.concat(inferred));
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const blocs = new Map((data.legend.blocs || []).map((b) => [b.id, b]));
  const edgeColor = new Map(data.edges.map((e) => [e.id, JSON.parse(JSON.stringify(e.color))]));
  const unbalancedEdges = data.edges.filter((e) => e.unbalanced_triangles > 0);
  const degreeAll = new Map(data.nodes.map((n) => [n.id, 0]));
  data.edges.forEach((e) => {
    degreeAll.set(e.from, degreeAll.get(e.from) + 1);
    degreeAll.set(e.to, degreeAll.get(e.to) + 1);
  });
  const defaults = {
    relation_types: data.legend.relation_types.map((r) => r.type),
    actor_types: data.legend.actor_types.map((a) => a.type),
    min_confidence: 0, since: null, until: null, actor: null, hops: 2,
    colour: "type", unbalanced: false, inferred: false,
  };

  // -- controls and legend ------------------------------------------------------------------
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "text") node.textContent = v;
      else if (k === "className") node.className = v;
      else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => node.appendChild(c));
    return node;
  }

  const SHAPES = {
    dot: "M6,1 A5,5 0 1,1 5.99,1 Z", square: "M1.5,1.5 H10.5 V10.5 H1.5 Z",
    triangle: "M6,1 L11,11 L1,11 Z", triangleDown: "M1,1 L11,1 L6,11 Z",
    diamond: "M6,0.5 L11.5,6 L6,11.5 L0.5,6 Z", hexagon: "M3,1 L9,1 L11.5,6 L9,11 L3,11 L0.5,6 Z",
    star: "M6,0.5 L7.6,4.3 L11.5,4.5 L8.5,7.1 L9.5,11 L6,8.8 L2.5,11 L3.5,7.1 L0.5,4.5 L4.4,4.3 Z",
  };
  function shapeSwatch(shape, color) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 12 12"); svg.setAttribute("class", "swatch");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", SHAPES[shape] || SHAPES.dot); path.setAttribute("fill", color);
    svg.appendChild(path);
    return svg;
  }

  function checkbox(group, item, swatch) {
    const box = el("input", { type: "checkbox", name: group, value: item.type });
    const label = el("label", { "data-type": item.type }, [box, swatch]);
    label.appendChild(document.createTextNode(item.label + " "));
    label.appendChild(el("span", { className: "count", text: "(" + item.count + ")" }));
    return label;
  }
  data.legend.relation_types.forEach((r) => {
    const cls = "swatch line" + (r.dashes ? " dashed" : "") + (r.faint ? " faint" : "");
    const line = el("span", { className: cls, style: "border-top-color:" + r.color });
    $("ag-relation-types").appendChild(checkbox("relation", r, line));
  });
  data.legend.actor_types.forEach((a) => {
    $("ag-actor-types").appendChild(checkbox("actor", a, shapeSwatch(a.shape, a.color)));
  });
  (data.legend.blocs || []).forEach((b, k) => {
    if (k >= 12) return;
    const cohesion = b.cohesion === null ? "—" : Number(b.cohesion).toFixed(2);
    const row = el("span", { className: "bloc", "data-bloc": b.id, title: "stability " + Number(b.stability).toFixed(2) }, [
      el("span", { className: "dot", style: "background:" + b.color }),
    ]);
    row.appendChild(document.createTextNode(b.number + " · " + b.label + " "));
    row.appendChild(el("span", { className: "count", text: "(" + b.size + ", cohesion " + cohesion + ")" }));
    $("ag-bloc-legend").appendChild(row);
  });
  const otherBlocs = (data.legend.blocs || []).length - 12;
  if (otherBlocs > 0) {
    const row = el("span", { className: "bloc" }, [el("span", { className: "dot", style: "background:" + data.colors.other_bloc })]);
    row.appendChild(document.createTextNode(otherBlocs + " smaller blocs"));
    $("ag-bloc-legend").appendChild(row);
  }
  const none = el("span", { className: "bloc" }, [el("span", { className: "dot", style: "background:" + data.colors.no_bloc })]);
  none.appendChild(document.createTextNode("no bloc (no support or opposition)"));
  $("ag-bloc-legend").appendChild(none);
  $("ag-colour-bloc").disabled = !(data.legend.blocs || []).length;
  $("ag-unbalanced").disabled = !unbalancedEdges.length;
  $("ag-inferred").disabled = !inferred.length;
  $("ag-unbalanced-count").textContent = "(" + unbalancedEdges.length + " ties)";
  $("ag-inferred-count").textContent = "(" + inferred.length + ")";
  const names = $("ag-names");
  data.nodes.forEach((n) => {
    [n.label].concat(n.aliases || []).forEach((name) => names.appendChild(el("option", { value: name })));
  });

  function setControls(state) {
    document.querySelectorAll("input[name=relation]").forEach((b) => { b.checked = state.relation_types.includes(b.value); });
    document.querySelectorAll("input[name=actor]").forEach((b) => { b.checked = state.actor_types.includes(b.value); });
    $("ag-min-confidence").value = state.min_confidence;
    $("ag-min-confidence-value").textContent = Number(state.min_confidence).toFixed(2);
    $("ag-since").value = state.since || "";
    $("ag-until").value = state.until || "";
    $("ag-search").value = state.actor ? byId.get(state.actor).label : "";
    $("ag-hops").value = String(state.actor ? state.hops : -1);
    $("ag-colour-type").checked = state.colour !== "bloc";
    $("ag-colour-bloc").checked = state.colour === "bloc";
    $("ag-unbalanced").checked = Boolean(state.unbalanced);
    $("ag-inferred").checked = Boolean(state.inferred);
  }

  function readControls() {
    const checked = (name) => Array.from(document.querySelectorAll("input[name=" + name + "]:checked")).map((b) => b.value);
    const hops = Number($("ag-hops").value);
    return {
      relation_types: checked("relation"), actor_types: checked("actor"),
      min_confidence: Number($("ag-min-confidence").value),
      since: $("ag-since").value || null, until: $("ag-until").value || null,
      actor: current.actor, hops: hops,
      colour: $("ag-colour-bloc").checked ? "bloc" : "type",
      unbalanced: $("ag-unbalanced").checked, inferred: $("ag-inferred").checked,
    };
  }

  // -- filtering --------------------------------------------------------------------------------
  function edgeShown(e, s, relations, actorTypes) {
    if (!relations.has(e.relation) || e.confidence < s.min_confidence) return false;
    if (!actorTypes.has(byId.get(e.from).actor_type) || !actorTypes.has(byId.get(e.to).actor_type)) return false;
    if (s.since || s.until) {
      // An edge is in the window when the period it was reported in overlaps the window.
      if (!e.first_seen || !e.last_seen) return false;
      if (s.since && e.last_seen < s.since) return false;
      if (s.until && e.first_seen > s.until) return false;
    }
    return true;
  }

  function reachable(start, hops, shownEdges) {
    const next = new Map();
    shownEdges.forEach((e) => {
      if (!next.has(e.from)) next.set(e.from, []);
      if (!next.has(e.to)) next.set(e.to, []);
      next.get(e.from).push(e.to); next.get(e.to).push(e.from);
    });
    const seen = new Set([start]);
    let frontier = [start];
    for (let i = 0; i < hops; i++) {
      const further = [];
      frontier.forEach((n) => (next.get(n) || []).forEach((m) => { if (!seen.has(m)) { seen.add(m); further.push(m); } }));
      frontier = further;
    }
    return seen;
  }

  // A page opened from disk reads the same query parameters the server takes, so an address
  // copied from the address bar reopens the same view (the server has applied them already).
  // The alliance toggles are the page's own: read from the address wherever the page comes from.
  function fromAddress(initial) {
    const q = new URLSearchParams(location.search);
    const toggles = {
      colour: q.get("colour") === "bloc" ? "bloc" : initial.colour,
      unbalanced: q.get("unbalanced") === "1" || initial.unbalanced,
      inferred: q.get("inferred") === "1" || initial.inferred,
    };
    if (location.protocol !== "file:" || !location.search) return Object.assign({}, initial, toggles);
    const list = (name, allowed) => {
      const values = q.getAll(name).flatMap((v) => v.split(",")).filter((v) => allowed.includes(v));
      return values.length ? values : null;
    };
    const state = Object.assign({}, initial);
    state.relation_types = list("types", defaults.relation_types) || state.relation_types;
    state.actor_types = list("actor_types", defaults.actor_types) || state.actor_types;
    const confidence = Number(q.get("min_confidence"));
    if (q.has("min_confidence") && confidence >= 0 && confidence <= 1) state.min_confidence = confidence;
    if (/^\d{4}-\d{2}-\d{2}$/.test(q.get("since") || "")) state.since = q.get("since");
    if (/^\d{4}-\d{2}-\d{2}$/.test(q.get("until") || "")) state.until = q.get("until");
    const hops = Number(q.get("hops"));
    if (q.has("hops") && Number.isInteger(hops) && hops >= 0 && hops <= 6) state.hops = hops;
    const actor = q.has("actor") ? findActor(q.get("actor")) : null;
    if (actor) state.actor = actor.id;
    return Object.assign(state, toggles);
  }

  let current = fromAddress(Object.assign({}, defaults, data.initial));
  // What is hidden now, kept here because DataSet.get() copies every item it returns.
  const hiddenNodes = new Map(data.nodes.map((n) => [n.id, false]));
  const hiddenEdges = new Map(data.edges.map((e) => [e.id, false]).concat(inferred.map((e) => [e.id, true])));
  let shownColour = "type";
  let shownUnbalanced = false;

  // Colour by actor type or by bloc: only the colour changes, the shape keeps the type.
  function colourNodes(colour) {
    if (colour === shownColour) return;
    shownColour = colour;
    nodes.update(data.nodes.map((n) => ({ id: n.id, color: colour === "bloc" ? (n.bloc_color || data.colors.no_bloc) : n.type_color || n.color })));
  }

  // Ties in an unbalanced triangle stand out (orange, with a glow); the other ties fade.
  function highlightUnbalanced(on) {
    if (on === shownUnbalanced) return;
    shownUnbalanced = on;
    const glow = data.colors.unbalanced;
    edges.update(data.edges.map((e) => {
      const color = edgeColor.get(e.id);
      if (!on) return { id: e.id, color: color, shadow: { enabled: false } };
      if (e.unbalanced_triangles > 0) {
        return { id: e.id, color: { color: glow, highlight: glow, hover: glow, opacity: 1 }, shadow: { enabled: true, color: glow, size: 10, x: 0, y: 0 } };
      }
      return { id: e.id, color: Object.assign({}, color, { opacity: 0.15 }), shadow: { enabled: false } };
    }));
  }

  function apply(state, options) {
    current = state;
    const relations = new Set(state.relation_types);
    const actorTypes = new Set(state.actor_types);
    let shown = data.edges.filter((e) => edgeShown(e, state, relations, actorTypes));
    const focus = state.actor && state.hops >= 0 ? reachable(state.actor, state.hops, shown) : null;
    if (focus) shown = shown.filter((e) => focus.has(e.from) && focus.has(e.to));
    const shownIds = new Set(shown.map((e) => e.id));
    const touched = new Set();
    shown.forEach((e) => { touched.add(e.from); touched.add(e.to); });
    const unfiltered = relations.size === defaults.relation_types.length && !state.since && !state.until && state.min_confidence === 0;
    const nodeUpdates = [];
    data.nodes.forEach((n) => {
      let visible = actorTypes.has(n.actor_type) && (touched.has(n.id) || (unfiltered && degreeAll.get(n.id) === 0));
      if (focus) visible = actorTypes.has(n.actor_type) && focus.has(n.id);
      if (n.id === state.actor) visible = true;
      if (hiddenNodes.get(n.id) !== !visible) {
        hiddenNodes.set(n.id, !visible);
        nodeUpdates.push({ id: n.id, hidden: !visible });
      }
    });
    const edgeUpdates = [];
    data.edges.forEach((e) => {
      const hidden = !shownIds.has(e.id);
      if (hiddenEdges.get(e.id) !== hidden) {
        hiddenEdges.set(e.id, hidden);
        edgeUpdates.push({ id: e.id, hidden: hidden });
      }
    });
    nodes.update(nodeUpdates);
    // An inferred relation is drawn when asked for and both its actors are shown.
    let inferredShown = 0;
    inferred.forEach((e) => {
      const hidden = !(state.inferred && !hiddenNodes.get(e.from) && !hiddenNodes.get(e.to));
      if (!hidden) inferredShown += 1;
      if (hiddenEdges.get(e.id) !== hidden) {
        hiddenEdges.set(e.id, hidden);
        edgeUpdates.push({ id: e.id, hidden: hidden });
      }
    });
    edges.update(edgeUpdates);
    colourNodes(state.colour === "bloc" ? "bloc" : "type");
    highlightUnbalanced(Boolean(state.unbalanced));
    $("ag-bloc-legend").hidden = state.colour !== "bloc";
    let visibleNodes = 0;
    hiddenNodes.forEach((hidden) => { if (!hidden) visibleNodes += 1; });
    $("ag-status").textContent = visibleNodes + " of " + data.nodes.length + " actors, " + shown.length + " of " + data.edges.length + " relations shown" + (state.inferred ? ", " + inferredShown + " inferred" : "");
    $("ag-search-note").textContent = state.actor ? "Centred on " + byId.get(state.actor).label : "";
    if (!(options && options.quiet)) remember(state);
    return { nodes: visibleNodes, edges: shown.length };
  }

  // The address carries the filters, so a view can be bookmarked or sent to a colleague.
  function remember(state) {
    const q = new URLSearchParams();
    if (state.relation_types.length !== defaults.relation_types.length) state.relation_types.forEach((t) => q.append("types", t));
    if (state.actor_types.length !== defaults.actor_types.length) state.actor_types.forEach((t) => q.append("actor_types", t));
    if (state.min_confidence > 0) q.set("min_confidence", state.min_confidence);
    if (state.since) q.set("since", state.since);
    if (state.until) q.set("until", state.until);
    if (state.actor) { q.set("actor", state.actor); q.set("hops", state.hops); }
    if (state.colour === "bloc") q.set("colour", "bloc");
    if (state.unbalanced) q.set("unbalanced", "1");
    if (state.inferred) q.set("inferred", "1");
    const query = q.toString();
    try { history.replaceState(null, "", query ? "?" + query : location.pathname); } catch (err) { /* file: pages may refuse */ }
  }

  // -- search ---------------------------------------------------------------------------------
  function findActor(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    const all = data.nodes;
    const exact = all.find((n) => n.id === wanted || n.label.toLowerCase() === wanted || (n.aliases || []).some((a) => a.toLowerCase() === wanted));
    if (exact) return exact;
    const prefix = all.filter((n) => n.label.toLowerCase().startsWith(wanted));
    if (prefix.length) return prefix.sort((a, b) => b.degree - a.degree)[0];
    const part = all.filter((n) => n.label.toLowerCase().includes(wanted) || (n.aliases || []).some((a) => a.toLowerCase().includes(wanted)));
    return part.sort((a, b) => b.degree - a.degree)[0] || null;
  }

  function focusActor(id) {
    const node = byId.get(id);
    network.selectNodes([id]);
    showActor(id);
    const visible = data.nodes.filter((n) => !hiddenNodes.get(n.id)).map((n) => n.id);
    if (current.hops >= 0 && visible.length > 1) network.fit({ nodes: visible, animation: false });
    else network.focus(id, { scale: 1.2, animation: false });
    return node;
  }

  // -- details panel --------------------------------------------------------------------------
  function clear(panel) { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function facts(pairs) {
    const dl = el("dl");
    pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== "").forEach(([k, v]) => {
      dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: String(v) }));
    });
    return dl;
  }
  const relationLabel = new Map(data.legend.relation_types.map((r) => [r.type, r.label]));
  const actorLabel = new Map(data.legend.actor_types.map((a) => [a.type, a.label]));

  function showActor(id) {
    const n = byId.get(id);
    const panel = $("ag-details"); clear(panel);
    panel.dataset.kind = "actor"; panel.dataset.id = id;
    panel.appendChild(el("h2", { text: n.label }));
    const counts = Object.entries(n.relation_counts).map(([k, v]) => v + " " + relationLabel.get(k)).join(", ");
    panel.appendChild(facts([
      ["type", actorLabel.get(n.actor_type)], ["id", n.id],
      ["aliases", (n.aliases || []).join(", ") || "none"], ["role", n.role], ["country", n.country],
      ["Wikidata", n.wikidata_id], ["relations", counts || "none"], ["mentions", n.mentions],
      ["bloc", blocText(n.bloc)],
    ]));
  }

  function blocText(id) {
    const b = id ? blocs.get(id) : null;
    if (!b) return (data.legend.blocs || []).length ? "none (no support or opposition tie)" : null;
    const cohesion = b.cohesion === null ? "—" : Number(b.cohesion).toFixed(2);
    return b.number + " · " + b.label + " (" + b.size + " actors, cohesion " + cohesion + ")";
  }

  function showInferred(e) {
    const panel = $("ag-details"); clear(panel);
    panel.dataset.kind = "inferred"; panel.dataset.id = e.id;
    const verb = e.relation === "supports" ? "likely support" : "likely oppose";
    panel.appendChild(el("h2", { text: byId.get(e.from).label + " and " + byId.get(e.to).label + " " + verb + " each other" }));
    panel.appendChild(el("p", { className: "note", text: "Inferred by structural balance from the triangles below: a prediction, not an extracted relation. No article says it, so there is no evidence." }));
    panel.appendChild(facts([
      ["confidence", Number(e.confidence).toFixed(2)], ["paths for support", e.support_paths],
      ["paths for opposition", e.opposition_paths],
    ]));
    const list = el("ol", { className: "evidence" });
    e.because.forEach((p) => {
      list.appendChild(el("li", { text: p.rule.replace(/_/g, " ") + " via " + (byId.has(p.via) ? byId.get(p.via).label : p.via) + " (strength " + Number(p.strength).toFixed(2) + ")" }));
    });
    panel.appendChild(list);
  }

  function showEdge(id) {
    const e = edges.get(id);
    if (e.inferred) { showInferred(e); return; }
    const panel = $("ag-details"); clear(panel);
    panel.dataset.kind = "edge"; panel.dataset.id = id;
    panel.appendChild(el("h2", { text: byId.get(e.from).label + " " + relationLabel.get(e.relation) + " " + byId.get(e.to).label }));
    panel.appendChild(facts([
      ["mentions", e.mentions], ["articles", e.articles], ["confidence", e.confidence.toFixed(2)],
      ["modalities", e.modalities.join(", ")], ["first seen", e.first_seen], ["last seen", e.last_seen],
    ]));
    const list = el("ol", { className: "evidence" });
    e.evidence.forEach((ev) => {
      const meta = [ev.title || "article " + ev.article_id.slice(0, 12), ev.published || "undated"].join(" · ");
      list.appendChild(el("li", {}, [
        el("blockquote", { text: ev.sentence }),
        el("div", { className: "meta" }, [
          el("span", { className: "badge", text: ev.modality }),
          document.createTextNode(" " + meta + " · confidence " + Number(ev.confidence).toFixed(2)),
        ]),
      ]));
    });
    panel.appendChild(list);
    if (e.mentions > e.evidence.length) {
      panel.appendChild(el("p", { className: "note", text: (e.mentions - e.evidence.length) + " more mention(s): ask the API (/relations) or Neo4j for all of them." }));
    }
  }

  // -- the network ----------------------------------------------------------------------------
  window.actorgraph = { nodes: nodes, edges: edges, apply: apply, state: () => current, stabilizedAt: null };
  const network = new vis.Network($("ag-network"), { nodes: nodes, edges: edges }, data.options);
  window.actorgraph.network = network;
  function stable() {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.stable = "true";
    window.actorgraph.stabilizedAt = performance.now();
  }
  if (data.options.physics && data.options.physics.enabled) network.once("stabilizationIterationsDone", stable);
  else network.once("afterDrawing", stable);

  network.on("click", (params) => {
    if (params.nodes.length) showActor(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.on("doubleClick", (params) => {
    if (!params.nodes.length) return;
    const hops = Number($("ag-hops").value) >= 0 ? Number($("ag-hops").value) : 1;
    $("ag-hops").value = String(hops);
    apply(Object.assign(readControls(), { actor: params.nodes[0], hops: hops }));
    focusActor(params.nodes[0]);
  });

  $("ag-filters").addEventListener("change", (event) => {
    if (event.target.id === "ag-search") return;
    let state = readControls();
    if (state.hops < 0) state = Object.assign(state, { actor: null, hops: 2 });
    apply(state);
    if (state.actor) focusActor(state.actor);
  });
  $("ag-min-confidence").addEventListener("input", () => {
    $("ag-min-confidence-value").textContent = Number($("ag-min-confidence").value).toFixed(2);
  });
  $("ag-search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const found = findActor($("ag-search").value);
    if (!found) { $("ag-search-note").textContent = "No actor matches “" + $("ag-search").value + "”"; return; }
    const hops = Number($("ag-hops").value);
    apply(Object.assign(readControls(), { actor: found.id, hops: hops }));
    $("ag-search").value = found.label;
    focusActor(found.id);
  });
  $("ag-reset").addEventListener("click", () => {
    setControls(defaults); apply(Object.assign({}, defaults)); network.fit();
  });
  $("ag-filters").addEventListener("submit", (event) => event.preventDefault());

  setControls(current);
  apply(current, { quiet: true });
  if (current.actor) network.once("afterDrawing", () => focusActor(current.actor));
})();
