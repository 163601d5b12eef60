// Instant search: asks /api/documents as the analyst types and lists the hits.
// Letter content is untrusted: every value goes in through textContent, never innerHTML.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  if (!input || !list) return;
  var timer = null;
  var seq = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function render(hits, query) {
    list.textContent = "";
    var empty = document.getElementById("empty");
    if (empty) empty.remove();
    if (!hits.length && query) {
      var p = el("p", "muted", "Nothing matches \u201c" + query + "\u201d.");
      p.id = "empty";
      list.after(p);
      return;
    }
    hits.forEach(function (h) {
      var li = el("li", "hit level-" + h.level);
      var a = el("a", "hit-title", (h.number ? h.number + "/" : "") + (h.symbol || h.key));
      a.href = h.url;
      li.appendChild(a);
      li.appendChild(el("span", "badge", h.level));
      if (h.status === "stub") li.appendChild(el("span", "badge stub", "reference only"));
      var meta = [h.kind || "", h.issuer_name || "issuer unknown", h.issued_on || "undated"];
      li.appendChild(el("div", "hit-meta", meta.join(" \u00b7 ")));
      if (h.subject) li.appendChild(el("div", "hit-subject", h.subject));
      list.appendChild(li);
    });
  }

  function search() {
    var query = input.value.trim();
    var mine = ++seq;
    if (!query) { render([], ""); return; }
    fetch("/api/documents?limit=20&q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { data: [] }; })
      .then(function (body) {
        if (mine !== seq) return;  // an older answer arriving late
        render(body.data || [], query);
        var url = new URL(window.location.href);
        url.searchParams.set("q", query);
        window.history.replaceState(null, "", url);
      })
      .catch(function () { /* keep the current list */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
})();
