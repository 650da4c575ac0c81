(function () {
  "use strict";
  document.querySelectorAll("button[data-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.fill);
      if (field) { field.value = button.dataset.value; field.focus(); }
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
})();
