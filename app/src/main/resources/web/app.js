// The demo page: polls /api/dashboard every second and redraws small SVG/HTML charts (no libraries,
// so it works offline). Counts it has drawn are mirrored into data-* attributes for tests.
"use strict";

const CAMERA_COLOURS = ["#2f6fde", "#e0752d", "#2a9d5c", "#b23aa8", "#c9a227", "#5b6b8c"];
const LABEL_COLOURS = {
  female: "#c2417f", male: "#2f6fde", masked: "#2a9d5c", unmasked: "#9aa3b5", undetermined: "#d9dce3",
};
const PALETTE = ["#2f6fde", "#e0752d", "#2a9d5c", "#b23aa8", "#c9a227", "#17a2b8", "#8c564b", "#7f7f7f"];
const SVG = "http://www.w3.org/2000/svg";
let selected = "all";
let updates = 0;
let last = null;

function $(id) { return document.getElementById(id); }

function colourOf(camera, cameras) {
  return CAMERA_COLOURS[Math.max(0, cameras.indexOf(camera)) % CAMERA_COLOURS.length];
}

function labelColour(label, index) {
  return LABEL_COLOURS[label] || PALETTE[index % PALETTE.length];
}

function time(ms) { return new Date(ms).toISOString().substring(11, 19); }

function el(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

/** One line per series over window starts; a null value leaves a gap. Returns the points drawn. */
function lineChart(svg, series, format) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const width = svg.clientWidth || 400, height = svg.clientHeight || 150;
  const left = 36, right = 8, top = 8, bottom = 18;
  const points = series.flatMap(s => s.points.filter(p => p.y !== null));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("data-points", points.length);
  if (points.length === 0) {
    el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg).textContent = "waiting for the first window…";
    return 0;
  }
  const xs = series.flatMap(s => s.points.map(p => p.x));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const yMax = Math.max(1, ...points.map(p => p.y));
  const sx = x => left + (x1 === x0 ? (width - left - right) / 2 : (x - x0) / (x1 - x0) * (width - left - right));
  const sy = y => top + (1 - y / yMax) * (height - top - bottom);
  el("line", { x1: left, y1: sy(0), x2: width - right, y2: sy(0), class: "axis" }, svg);
  el("line", { x1: left, y1: top, x2: left, y2: sy(0), class: "axis" }, svg);
  el("text", { x: left - 4, y: top + 8, "text-anchor": "end" }, svg).textContent = format(yMax);
  el("text", { x: left - 4, y: sy(0), "text-anchor": "end" }, svg).textContent = "0";
  el("text", { x: left, y: height - 4 }, svg).textContent = time(x0);
  el("text", { x: width - right, y: height - 4, "text-anchor": "end" }, svg).textContent = time(x1);
  for (const s of series) {
    let path = "";
    let pen = false;
    for (const p of s.points) {
      if (p.y === null) { pen = false; continue; }
      path += (pen ? "L" : "M") + sx(p.x).toFixed(1) + " " + sy(p.y).toFixed(1) + " ";
      pen = true;
    }
    if (path) el("path", { d: path, fill: "none", stroke: s.colour, "stroke-width": 2, "stroke-dasharray": s.dashed ? "5 3" : "" }, svg);
    for (const p of s.points) {
      if (p.y !== null) el("circle", { cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: s.colour }, svg)
        .appendChild(el("title", {})).textContent = `${s.name} ${time(p.x)}: ${format(p.y)}`;
    }
  }
  return points.length;
}

/** A known count, or null for a suppressed or missing cell. */
function known(cell) { return cell && !cell.suppressed && cell.count !== null ? cell.count : null; }

function maskedShare(w) {
  const cells = Object.values(w.mask || {});
  if (w.visitors === 0 || cells.length === 0 || cells.some(c => c.suppressed)) return null;
  const total = cells.reduce((sum, c) => sum + (c.count || 0), 0);
  return total === 0 ? null : 100 * (known(w.mask.masked) || 0) / total;
}

/** One stacked bar per camera (its latest window with visitors); suppressed cells are named, not drawn. */
function breakdown(container, rows, field) {
  container.innerHTML = "";
  let drawn = 0, suppressed = 0;
  for (const row of rows) {
    const cells = row.window ? row.window[field] || {} : {};
    const labels = Object.keys(cells).sort((a, b) => (a === "undetermined") - (b === "undetermined") || a.localeCompare(b));
    // Totals rows: shares of all visitors, so a held-back cell does not make the others look like 100 %.
    const total = row.ofVisitors ? row.window.visitors : labels.reduce((sum, l) => sum + (known(cells[l]) || 0), 0);
    const div = document.createElement("div");
    div.className = "row";
    const head = document.createElement("div");
    head.className = "label";
    head.textContent = row.label || row.camera + (row.window ? ` · ${time(row.window.start)}–${time(row.window.end)} · ${row.window.visitors} visitors` : "");
    div.appendChild(head);
    if (labels.length === 0) {
      const empty = document.createElement("div");
      empty.className = "empty";
      empty.textContent = !row.window ? "no visitors yet"
        : row.window.visitors > 0 ? "no window lists these cells yet: too few visitors to show them without revealing counts"
        : "no breakdown for this window";
      div.appendChild(empty);
      container.appendChild(div);
      continue;
    }
    drawn++;
    const bar = document.createElement("div");
    bar.className = "bar";
    const legend = document.createElement("div");
    legend.className = "legend";
    const hidden = [];
    labels.forEach((label, i) => {
      const count = known(cells[label]);
      if (cells[label].suppressed) { hidden.push(label); suppressed++; return; }
      const colour = labelColour(label, i);
      if (total > 0 && count > 0) {
        const span = document.createElement("span");
        span.style.width = (100 * count / total) + "%";
        span.style.background = colour;
        span.title = `${label}: ${count}`;
        bar.appendChild(span);
      }
      const item = document.createElement("span");
      item.innerHTML = `<i style="background:${colour}"></i>`;
      // A total whose cell has visitors still held back (complete: false) shows "12+".
      const more = cells[label].complete === false ? "+" : "";
      if (more) item.title = "more visitors held back until they make a group of k";
      item.appendChild(document.createTextNode(`${label} ${count}${more}` + (total > 0 ? ` (${Math.round(100 * count / total)}%)` : "")));
      legend.appendChild(item);
    });
    div.appendChild(bar);
    div.appendChild(legend);
    if (hidden.length) {
      const note = document.createElement("div");
      note.className = "suppressed";
      note.textContent = "suppressed: " + hidden.join(", ");
      div.appendChild(note);
    }
    container.appendChild(div);
  }
  container.setAttribute("data-rows", drawn);
  container.setAttribute("data-suppressed", suppressed);
}

/** The totals as breakdown rows: the site (all cameras) first, then each camera, or the one selected. */
function totalsRows(totals) {
  if (!totals) return [{ camera: "all cameras", label: "all cameras · no visitors counted yet", window: null }];
  const since = totals.from ? ` · since ${time(Date.parse(totals.from))}` : "";
  const asWindow = t => ({ visitors: t.visitors, sex: t.bySex, ageGroup: t.byAgeGroup, mask: t.byMask, expression: t.byExpression });
  const cameras = (totals.cameras && totals.cameras.length ? totals.cameras : [totals])
    .map(t => ({ ofVisitors: true, camera: t.site + "/" + t.camera, label: `${t.site}/${t.camera}${since} · ${t.visitors} visitors`, window: asWindow(t) }));
  if (selected !== "all") return cameras.filter(row => row.camera === selected);
  return [{ ofVisitors: true, camera: "all cameras", label: `all cameras${since} · ${totals.visitors} visitors`, window: asWindow(totals) }, ...cameras];
}

function cameraButtons(cameras) {
  const nav = $("cameras");
  const names = ["all", ...cameras];
  if (nav.getAttribute("data-names") === names.join(",")) return;
  nav.setAttribute("data-names", names.join(","));
  nav.innerHTML = "";
  for (const name of names) {
    const button = document.createElement("button");
    button.textContent = name;
    button.onclick = () => { selected = name; render(last); };
    nav.appendChild(button);
  }
}

function render(data) {
  if (!data) return;
  const cameras = data.cameras;
  cameraButtons(cameras);
  for (const button of $("cameras").children) button.classList.toggle("active", button.textContent === selected);
  const shown = selected === "all" ? cameras : cameras.filter(c => c === selected);
  const windows = data.windows.filter(w => shown.includes(w.site + "/" + w.camera));
  const byCamera = camera => windows.filter(w => w.site + "/" + w.camera === camera).sort((a, b) => a.start - b.start);
  const series = (value, dashed, suffix) => shown.map(camera => ({
    name: camera + (suffix || ""), colour: colourOf(camera, cameras), dashed,
    points: byCamera(camera).map(w => ({ x: w.start, y: value(w) })),
  }));
  const count = v => String(Math.round(v));
  lineChart($("chart-faces"), series(w => w.faces), count);
  lineChart($("chart-frames"), series(w => w.frames), count);
  lineChart($("chart-visitors"), series(w => w.visitors), count);
  lineChart($("chart-masked"), series(maskedShare), v => Math.round(v) + "%");
  lineChart($("chart-dwell"), [
    ...series(w => w.dwellMillis ? w.dwellMillis.p50 / 1000 : null, false, " p50"),
    ...series(w => w.dwellMillis ? w.dwellMillis.p90 / 1000 : null, true, " p90"),
  ], v => v.toFixed(1));

  const table = $("camera-table");
  table.innerHTML = "<tr><th>camera</th><th>windows</th><th>frames</th><th>faces</th><th>visitors</th></tr>";
  for (const camera of shown) {
    const ws = byCamera(camera);
    const sum = f => ws.reduce((s, w) => s + w[f], 0);
    const row = table.insertRow();
    row.innerHTML = `<td><i style="display:inline-block;width:9px;height:9px;background:${colourOf(camera, cameras)}"></i> ${camera}</td>`
      + `<td>${ws.length}</td><td>${sum("frames")}</td><td>${sum("faces")}</td><td>${sum("visitors")}</td>`;
  }
  table.setAttribute("data-rows", shown.length);

  // Per breakdown, each camera's latest window that lists its cells: a window of few visitors may
  // list none (the cells alone would say the counts; aggregation README, complementary suppression).
  const latest = field => shown.map(camera => {
    const ws = byCamera(camera);
    const withVisitors = ws.filter(w => w.visitors > 0);
    const listing = withVisitors.filter(w => Object.keys(w[field] || {}).length > 0);
    const pick = listing.length ? listing : withVisitors.length ? withVisitors : ws;
    return { camera, window: pick[pick.length - 1] };
  });
  breakdown($("breakdown-sex"), latest("sex"), "sex");
  breakdown($("breakdown-age"), latest("ageGroup"), "ageGroup");
  breakdown($("breakdown-mask"), latest("mask"), "mask");
  breakdown($("breakdown-expression"), latest("expression"), "expression");

  const totals = totalsRows(data.totals);
  breakdown($("totals-sex"), totals, "sex");
  breakdown($("totals-age"), totals, "ageGroup");
  breakdown($("totals-mask"), totals, "mask");
  breakdown($("totals-expression"), totals, "expression");
  $("totals").setAttribute("data-visitors", data.totals ? data.totals.visitors : 0);
  const shares = data.shares || [];
  lineChart($("chart-shares"), [
    { name: "female", colour: LABEL_COLOURS.female, points: shares.map(p => ({ x: p.time, y: p.female })) },
    { name: "masked", colour: LABEL_COLOURS.masked, points: shares.map(p => ({ x: p.time, y: p.masked })) },
  ], v => Math.round(v) + "%");

  const h = data.health;
  $("h-sent").textContent = h.framesSentPerSecond.toFixed(1);
  $("h-processed").textContent = h.framesProcessedPerSecond.toFixed(1);
  $("h-faces").textContent = h.facesPerSecond.toFixed(1);
  $("h-lag").textContent = h.lagMillis === null ? "–" : (h.lagMillis / 1000).toFixed(1) + " s";
  $("h-dead").textContent = h.deadLettersTotal;
  $("h-dead").title = Object.entries(h.deadLetters).map(([t, n]) => `${t}: ${n}`).join("\n") || "none";
  $("h-windows").textContent = data.windows.length;
  $("status").textContent = data.status;
  $("status").className = "pill " + data.status;
  $("source").textContent = `${data.source} · windows of ${data.windowMillis / 1000} s`;

  const dashboard = $("dashboard");
  const sum = f => windows.reduce((s, w) => s + w[f], 0);
  dashboard.setAttribute("data-windows", windows.length);
  dashboard.setAttribute("data-cameras", new Set(windows.map(w => w.site + "/" + w.camera)).size);
  dashboard.setAttribute("data-frames", sum("frames"));
  dashboard.setAttribute("data-faces", sum("faces"));
  dashboard.setAttribute("data-visitors", sum("visitors"));
  dashboard.setAttribute("data-frames-processed", h.framesProcessed);
  dashboard.setAttribute("data-dead-letters", h.deadLettersTotal);
  dashboard.setAttribute("data-updates", ++updates);
}

/** A server started with HEADCOUNT_DEMO_TOKEN wants it as a bearer token: open the page as
 * /#token=... (the fragment never reaches the server). */
function authHeaders() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  return token ? { Authorization: "Bearer " + token } : {};
}

// The live view (demo --show-video only; without it /api/view is 404 and the section stays hidden).
let viewOn = true;
let viewCamera = null;
let viewUpdates = 0;

/** "female 0.97", "sex undetermined 0.71", "sex undetermined" (no evidence yet). */
function labelText(name, label) {
  const confidence = label.confidence === null ? "" : " " + label.confidence.toFixed(2);
  return (label.value === "undetermined" ? name + " undetermined" : label.value) + confidence;
}

function viewButtons(cameras, current) {
  const nav = $("view-cameras");
  if (nav.getAttribute("data-names") !== cameras.join(",")) {
    nav.setAttribute("data-names", cameras.join(","));
    nav.innerHTML = "";
    for (const name of cameras) {
      const button = document.createElement("button");
      button.textContent = name;
      button.onclick = () => { viewCamera = name; pollView(); };
      nav.appendChild(button);
    }
  }
  for (const button of nav.children) button.classList.toggle("active", button.textContent === current);
}

function renderView(data) {
  const section = $("live-view");
  section.hidden = false;
  viewButtons(data.cameras, data.camera);
  const stage = $("view-stage");
  for (const box of [...stage.querySelectorAll(".face-box")]) box.remove();
  const frame = data.frame;
  if (!frame) {
    $("view-info").textContent = data.camera ? "waiting for the first annotated frame…" : "waiting for the first frame…";
    return;
  }
  $("view-image").src = frame.image;
  const tracks = [];
  let labels = 0;
  for (const face of frame.faces) {
    const box = document.createElement("div");
    box.className = "face-box";
    const colour = LABEL_COLOURS[face.sex.value] || "#6b7385";
    box.style.borderColor = colour;
    box.style.left = (100 * face.x / frame.width) + "%";
    box.style.top = (100 * face.y / frame.height) + "%";
    box.style.width = (100 * face.width / frame.width) + "%";
    box.style.height = (100 * face.height / frame.height) + "%";
    box.setAttribute("data-track", face.track);
    const label = document.createElement("span");
    label.style.background = colour;
    label.textContent = face.track > 0
      ? `#${face.track} ${labelText("sex", face.sex)} · ${labelText("age", face.ageGroup)} · ${labelText("mask", face.mask)}`
      : "no track yet";
    box.appendChild(label);
    stage.appendChild(box);
    if (face.track > 0) { tracks.push(face.track); labels++; }
  }
  const behind = data.newestSent - frame.sequence;
  $("view-info").textContent = `frame ${frame.sequence} · ${time(frame.time)} · ${frame.faces.length} faces · `
    + `${behind} frame${behind === 1 ? "" : "s"} behind the camera · threshold ${data.threshold}`;
  section.setAttribute("data-faces", frame.faces.length);
  section.setAttribute("data-tracks", tracks.join(","));
  section.setAttribute("data-labels", labels);
  section.setAttribute("data-sequence", frame.sequence);
  section.setAttribute("data-updates", ++viewUpdates);
}

async function pollView() {
  if (!viewOn) return;
  try {
    const query = viewCamera ? "?camera=" + encodeURIComponent(viewCamera) : "";
    const response = await fetch("/api/view" + query, { cache: "no-store", headers: authHeaders() });
    if (response.status === 404) { viewOn = false; return; }
    if (response.ok) renderView(await response.json());
  } catch (e) {
    // the dashboard's poll shows "offline"
  }
}

async function poll() {
  try {
    const response = await fetch("/api/dashboard", { cache: "no-store", headers: authHeaders() });
    if (!response.ok) throw new Error(response.status);
    last = await response.json();
    render(last);
  } catch (e) {
    $("status").textContent = "offline";
    $("status").className = "pill offline";
  }
}

poll();
pollView();
setInterval(() => { poll(); pollView(); }, 1000);
