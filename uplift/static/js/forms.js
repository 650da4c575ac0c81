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
