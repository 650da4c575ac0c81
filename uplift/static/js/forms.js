/* Form behaviours without inline script (the Content Security Policy allows none):
   <form data-confirm="question"> asks before submitting; <select data-autosubmit> submits its form on change. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
}, true);
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) field.form.submit();
});

/* Dates read in the Buddhist era: beside every date, month and date-time field the chosen value is
   written out in Thai (e.g. "5 ธันวาคม พ.ศ. 2569"), whatever calendar the browser's own picker shows.
   The field itself still sends the ISO date (Christian era), which is what the server stores. */
(function () {
  var KINDS = {
    "date": {day: "numeric", month: "long", year: "numeric", era: "short"},
    "month": {month: "long", year: "numeric", era: "short"},
    "datetime-local": {day: "numeric", month: "long", year: "numeric", era: "short", hour: "2-digit", minute: "2-digit"}
  };
  function parse(kind, value) {
    if (!value) return null;
    var parts = value.split(/[-T:]/).map(Number);
    if (kind === "month") return new Date(parts[0], parts[1] - 1, 1);
    return new Date(parts[0], parts[1] - 1, parts[2], parts[3] || 0, parts[4] || 0);
  }
  function show(field) {
    var kind = field.type, reading = field.nextElementSibling;
    if (!reading || !reading.classList.contains("be-reading")) {
      reading = document.createElement("small");
      reading.className = "be-reading";
      reading.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", reading);
    }
    var date = parse(kind, field.value);
    reading.textContent = date && !isNaN(date) ? new Intl.DateTimeFormat("th-TH", KINDS[kind]).format(date) : "";
  }
  function all(root) {
    root.querySelectorAll('input[type="date"], input[type="month"], input[type="datetime-local"]').forEach(show);
  }
  document.addEventListener("DOMContentLoaded", function () { all(document); });
  document.addEventListener("htmx:afterSwap", function (event) { all(event.target); });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches('input[type="date"], input[type="month"], input[type="datetime-local"]')) show(event.target);
  });
})();
