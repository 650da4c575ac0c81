// The scenario form's quota rows: show the table of the chosen level (per centre or per province) only.
(function () {
  function sync() {
    var select = document.getElementById("id_quota_level");
    if (!select) return;
    document.querySelectorAll("[data-quota-level]").forEach(function (box) {
      box.hidden = box.getAttribute("data-quota-level") !== select.value;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_quota_level");
    if (select) select.addEventListener("change", sync);
    sync();
  });
})();
