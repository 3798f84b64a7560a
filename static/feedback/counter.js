// The character counter of a textarea marked data-counter="<id of the counter>": shows
// "120 of 2,000 characters" as one types, in Persian digits on Persian pages, and tells screen
// readers the count once typing pauses. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var persian = (document.documentElement.lang || "").indexOf("fa") === 0;
  var digits = "۰۱۲۳۴۵۶۷۸۹";

  function local(number) {
    var text = String(number).replace(/\B(?=(\d{3})+(?!\d))/g, persian ? "٬" : ",");
    return persian ? text.replace(/[0-9]/g, function (d) { return digits[Number(d)]; }) : text;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var counter = document.getElementById(area.dataset.counter);
    var live = document.getElementById(area.dataset.counter + "-live");
    var max = Number(area.dataset.max);
    if (!counter || !max) { return; }
    var pause = null;

    function update(announce) {
      var count = area.value.trim().length;
      var over = count - max;
      var text = over > 0
        ? fill(counter.dataset.overTemplate, { count: local(count), over: local(over) })
        : fill(counter.dataset.template, { count: local(count), max: counter.dataset.maxText || local(max) });
      counter.textContent = text;
      counter.classList.toggle("over", over > 0);
      if (announce && live) {
        clearTimeout(pause);
        pause = setTimeout(function () { live.textContent = text; }, 1200);
      }
    }

    area.addEventListener("input", function () { update(true); });
    update(false);
  });
})();
