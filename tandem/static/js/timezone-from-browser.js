/* Pre-fills a timezone select from the browser's own timezone (the Intl API).
 *
 * Only selects marked data-timezone-from-browser (the server marks one whose timezone
 * nobody has chosen yet), only while they still show the default UTC, and only to a zone
 * the select offers. Without JavaScript the select simply stays as the server sent it. */
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-timezone-from-browser]");
  if (!selects.length) return;
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return; // no Intl: leave the select as it is
  }
  if (!zone || zone === "UTC") return;
  Array.prototype.forEach.call(selects, function (select) {
    if (select.value !== "UTC") return;
    var offered = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (offered) select.value = zone;
  });
})();
