// claimtrace: a light touch of script. Untrusted text is only ever set with textContent.
"use strict";

function pollJob(box) {
  const id = box.dataset.job;
  const set = (sel, text) => { const el = document.getElementById(sel); if (el) el.textContent = text; };
  const tick = async () => {
    let job;
    try {
      const r = await fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
      if (!r.ok) { setTimeout(tick, 2000); return; }
      job = await r.json();
    } catch (e) { setTimeout(tick, 2000); return; }
    box.dataset.state = job.state;
    const state = document.getElementById("job-state");
    state.textContent = job.state;
    state.className = "state " + (["queued", "running", "done", "failed"].includes(job.state) ? job.state : "");
    set("job-current", job.current ? "reading " + job.current : "");
    const bar = document.getElementById("job-progress");
    bar.max = Math.max(job.files_total, 1);
    bar.value = job.files_seen;
    set("job-counts", `${job.files_seen} of ${job.files_total} files · ${job.ingested} new documents · ` +
      `${job.duplicates} already stored · ${job.skipped} skipped`);
    const skips = document.getElementById("job-skips");
    skips.replaceChildren(...job.skip_reasons.map((s) => {
      const li = document.createElement("li");
      const b = document.createElement("strong");
      b.textContent = s.source;
      li.append(b, ": " + s.reason);
      return li;
    }));
    if (job.error) { const el = document.getElementById("job-error"); el.textContent = job.error; el.hidden = false; }
    if (job.state === "done") document.getElementById("job-done").hidden = false;
    if (job.state === "queued" || job.state === "running") setTimeout(tick, 400);
  };
  if (box.dataset.state === "queued" || box.dataset.state === "running") tick();
}

function wireChart(figure) {
  const caption = figure.querySelector(".chart-detail");
  let active = null;
  const show = (link) => {
    const title = link.querySelector("title");
    if (caption && title) caption.textContent = title.textContent;
    if (active) active.classList.remove("active");
    active = document.getElementById(link.dataset.entry);
    if (active) active.classList.add("active");
  };
  figure.querySelectorAll(".point-link").forEach((link) => {
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("focus", () => show(link));
  });
}

function wireLayers(fieldset) {
  const text = document.getElementById("doc-text");
  fieldset.querySelectorAll("input[data-layer]").forEach((box) => {
    const apply = () => text.classList.toggle("show-" + box.dataset.layer, box.checked);
    box.addEventListener("change", apply);
    apply();
  });
}

function busyOnSubmit(form, label) {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; button.textContent = label; }
    form.classList.add("busy");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job) pollJob(job);
  document.querySelectorAll("figure.chart").forEach(wireChart);
  const layers = document.getElementById("layers");
  if (layers) wireLayers(layers);
  const check = document.getElementById("check-form");
  if (check) busyOnSubmit(check, "Checking…");
  document.querySelectorAll("form[action='/upload'], form[action='/ingest']").forEach((f) => busyOnSubmit(f, "Sending…"));
});
