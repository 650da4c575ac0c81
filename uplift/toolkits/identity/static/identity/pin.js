// Pin a review comment to a point of the mock-up: a tap on the image fills the comment form's x and y
// (percent of the image) and shows where the pin will go.
(function () {
  var image = document.getElementById("mockup-image");
  var form = document.getElementById("comment-form");
  if (!image || !form) { return; }
  var marker = null;
  image.addEventListener("click", function (event) {
    var box = image.getBoundingClientRect();
    var x = Math.round((event.clientX - box.left) / box.width * 1000) / 10;
    var y = Math.round((event.clientY - box.top) / box.height * 1000) / 10;
    form.querySelector("[name=x]").value = x;
    form.querySelector("[name=y]").value = y;
    if (!marker) {
      marker = document.createElement("span");
      marker.className = "pin new";
      marker.textContent = "+";
      image.parentNode.appendChild(marker);
    }
    marker.style.left = x + "%";
    marker.style.top = y + "%";
    form.querySelector("textarea").focus();
  });
})();
