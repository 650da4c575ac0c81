// Counts the questions answered so far, for a respondent filling the assessment on a phone.
(function () {
  var form = document.getElementById("assess-form");
  var out = document.getElementById("answered");
  if (!form || !out) { return; }
  function count() {
    var done = 0;
    form.querySelectorAll("fieldset[data-question]").forEach(function (set) {
      if (set.querySelector("input:checked")) { done += 1; }
    });
    out.textContent = done;
  }
  form.addEventListener("change", count);
  count();
})();
