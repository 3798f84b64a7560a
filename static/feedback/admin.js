// Admin change form of a suggestion: choosing a reply template puts its text into the public
// answer, where staff adapt it. A static file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_reply_template");
    var answer = document.getElementById("id_answer");
    if (!select || !answer) { return; }
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var text = option ? option.getAttribute("data-body") : "";
      if (!text) { return; }
      if (answer.value.trim() && !window.confirm(select.getAttribute("data-confirm"))) { return; }
      answer.value = text;
      answer.focus();
    });
  });
})();
