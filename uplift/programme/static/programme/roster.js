/* "Mark everyone present/absent": sets every radio of the roster to the button's value. */
document.querySelectorAll("[data-all]").forEach(function (button) {
  button.addEventListener("click", function () {
    document.querySelectorAll('.roster input[type=radio][value="' + button.dataset.all + '"]').forEach(function (r) { r.checked = true; });
  });
});
