// negsim what-if page: every control sets one dotted path; on release the page asks
// the server for the variant (POST api/view) and redraws. No library, no network beyond this server.
"use strict";
(function () {
  const sliders = Array.from(document.querySelectorAll('input[type="range"][data-path]'));
  const toggles = Array.from(document.querySelectorAll('input[type="checkbox"][data-path]'));
  const initial = new Map(sliders.map((s) => [s, s.value]));
  let sent = 0;
  let shown = 0;

  function state() {
    const values = {};
    for (const s of sliders) values[s.dataset.path] = Number(s.value);
    const off = toggles.filter((t) => !t.checked).map((t) => t.dataset.path.split(".")[1]);
    return { values: values, off: off };
  }

  function esc(text) {
    const d = document.createElement("div");
    d.textContent = String(text);
    return d.innerHTML;
  }

  function fmt(x) {
    return typeof x === "number" ? Number(x.toPrecision(4)).toString() : String(x);
  }

  function solutionsTable(solutions) {
    const names = Object.keys(solutions);
    const first = names.map((n) => solutions[n]).find((s) => s);
    if (!first) return "<p>No deal: the ZOPA is empty.</p>";
    const issues = Object.keys(first.outcome || first.lottery[0].outcome);
    let html = "<table><tr><th>issue</th>" + names.map((n) => "<th>" + esc(n) + "</th>").join("") + "</tr>";
    for (const issue of issues) {
      html += "<tr><td>" + esc(issue) + "</td>" + names.map((n) => {
        const s = solutions[n];
        if (!s) return "<td>no deal</td>";
        const v = s.outcome ? s.outcome[issue] : s.lottery.map((x) => x.outcome[issue] + " (" + fmt(x.probability) + ")").join("; ");
        return "<td>" + esc(fmt(v)) + "</td>";
      }).join("") + "</tr>";
    }
    for (const party of Object.keys(first.utilities)) {
      html += "<tr><td><em>utility of " + esc(party) + "</em></td>" + names.map((n) =>
        "<td>" + (solutions[n] ? esc(fmt(solutions[n].utilities[party])) : "") + "</td>").join("") + "</tr>";
    }
    return html + "</table>";
  }

  function draw(view) {
    document.getElementById("errors").textContent = "";
    const z = view.zopa;
    document.getElementById("zopa").textContent = z.exists
      ? "ZOPA: " + z.size.toLocaleString("en") + " outcomes (" + (100 * z.share).toFixed(2) + "% of the space); Pareto frontier: " + view.pareto.size + " distinct utility vectors"
      : "ZOPA: empty, no deal every veto party accepts";
    document.getElementById("figure").innerHTML = view.svg;
    const nash = document.getElementById("nash");
    nash.innerHTML = view.nash
      ? Object.entries(view.nash).map(([issue, option]) =>
          '<tr data-issue="' + esc(issue) + '"><th>' + esc(issue) + '</th><td data-option="' + esc(option) + '">' + esc(fmt(option)) + "</td></tr>").join("")
      : '<tr><td>no deal</td></tr>';
    document.getElementById("solutions").innerHTML = solutionsTable(view.solutions);
    document.getElementById("why").innerHTML = view.why.map((s) => "<li>" + esc(s) + "</li>").join("");
  }

  function links() {
    const q = "?state=" + encodeURIComponent(JSON.stringify(state()));
    document.getElementById("download-yaml").href = "download/variant.yaml" + q;
    document.getElementById("download-report").href = "download/report.html" + q;
  }

  async function update() {
    const seq = ++sent;
    const t0 = performance.now();
    links();
    document.getElementById("status").textContent = "solving";
    document.body.dataset.busy = "1";
    const response = await fetch("api/view", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state()),
    });
    const body = await response.json();
    if (seq < shown) return; // a later answer is already on the page
    shown = seq;
    if (response.ok) draw(body);
    else document.getElementById("errors").textContent = body.errors.join("\n");
    if (seq === sent) {
      // two animation frames: the new content has been laid out and painted
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const ms = performance.now() - t0;
        document.body.dataset.busy = "";
        document.body.dataset.lastMs = ms.toFixed(1);
        document.getElementById("status").textContent = (response.ok ? "updated" : "refused") + " in " + ms.toFixed(0) + " ms";
        document.body.dataset.redrawn = String(seq);
      }));
    }
  }

  for (const s of sliders) {
    const out = s.parentElement.querySelector("output");
    s.addEventListener("input", () => { out.textContent = fmt(Number(s.value)); });
    s.addEventListener("change", update);
  }
  for (const t of toggles) t.addEventListener("change", update);
  document.getElementById("reset").addEventListener("click", (e) => {
    e.preventDefault();
    for (const [s, v] of initial) { s.value = v; s.parentElement.querySelector("output").textContent = fmt(Number(v)); }
    for (const t of toggles) t.checked = true;
    update();
  });
  window.negsimUpdate = update;
  update();
})();
