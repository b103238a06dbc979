// Optional enhancement only: every page works without this file.
// Quick exit: leave without a history entry, and also on a double press of Escape.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    var now = Date.now();
    if (now - last < 600) { leave(); }
    last = now;
  });
})();

// Region picker: with JavaScript, a search box narrows the long list of prefectures and
// counties. The list shows names in the page's language only; the box also matches the other
// forms (Uyghur, Latin, Chinese, English) kept in each option's data-search. Without it, the
// plain grouped list works as it is.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select.region-select");
  Array.prototype.forEach.call(selects, function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "region-filter";
    box.setAttribute("aria-label", select.getAttribute("data-filter-label") || "Filter");
    box.setAttribute("placeholder", select.getAttribute("data-filter-label") || "");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.querySelectorAll("option"), function (o) {
        if (!o.value) { return; }
        var names = (o.textContent + " " + (o.getAttribute("data-search") || "")).toLowerCase();
        o.hidden = q !== "" && names.indexOf(q) === -1;
      });
    });
  });
})();

// Recovery codes: a print button where the browser can print (the page says how otherwise).
(function () {
  "use strict";
  if (typeof window.print !== "function") { return; }
  Array.prototype.forEach.call(document.querySelectorAll("button.print-button"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
