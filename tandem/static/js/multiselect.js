/* A searchable multi-select, built over a plain <select multiple data-multiselect>.
 *
 * Without JavaScript the page keeps the plain select, which works as it always has. With
 * it, the select is hidden (it stays in the form and is what gets posted) and, in its
 * place, the person gets:
 *   - the languages already chosen, each a button "Remove French";
 *   - a text box, named by the field's own label, that filters the list as they type;
 *     Enter ticks the first match (and clears the box for the next one), Escape clears
 *     it, Down arrow goes into the list;
 *   - the list itself: one checkbox per option, a single Tab stop, Up/Down/Home/End move,
 *     Space ticks;
 *   - a polite live region saying how many match and what was chosen or removed.
 * Every change is mirrored into the select's options at once, so the form posts exactly
 * what it posted before. No inline styles or scripts: the page's CSP allows neither. */
(function () {
  "use strict";

  function fold(text) {
    // "Français" matches "francais": compare without case or accents.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text) element.textContent = text;
    return element;
  }

  function enhance(select) {
    var id = select.id;
    var one = select.getAttribute("data-multiselect-one") || "option";
    var many = select.getAttribute("data-multiselect") || "options";
    var label = document.querySelector('label[for="' + id + '"]');
    var help = document.getElementById(id + "_helptext");
    var error = document.getElementById(id + "_error");
    if (!id || !label) return;

    var box = make("div", {"class": "multiselect", "data-multiselect-for": id});
    var chosenLine = make("p", {"class": "multiselect-chosen", id: id + "_chosen_label"});
    var chips = make("ul", {"class": "multiselect-chips", "aria-labelledby": id + "_chosen_label"});
    var filter = make("input", {
      type: "text", id: id + "_filter", "class": "multiselect-filter", autocomplete: "off",
      spellcheck: "false", "aria-controls": id + "_options",
      "aria-describedby": [help ? help.id : "", error ? error.id : "", id + "_count"]
        .filter(Boolean).join(" ")
    });
    if (select.getAttribute("aria-invalid")) filter.setAttribute("aria-invalid", "true");
    var count = make("p", {"class": "multiselect-count help", id: id + "_count",
                           "aria-live": "polite"});
    var list = make("ul", {"class": "multiselect-options", id: id + "_options"});

    var items = Array.prototype.map.call(select.options, function (option, index) {
      var item = make("li");
      var box_id = id + "_option_" + index;
      var check = make("input", {type: "checkbox", id: box_id, value: option.value,
                                 tabindex: "-1"});
      check.checked = option.selected;
      item.appendChild(check);
      item.appendChild(make("label", {"for": box_id}, option.text));
      list.appendChild(item);
      return {option: option, item: item, check: check, name: option.text,
              key: fold(option.text), code: option.value.toLowerCase()};
    });

    var order = items.slice(); // the list's order on the page, best matches first

    function shown() {
      return order.filter(function (entry) { return !entry.item.hidden; });
    }

    function setTabStop(target) {
      items.forEach(function (entry) { entry.check.tabIndex = entry === target ? 0 : -1; });
    }

    function announce(text) {
      count.textContent = text;
    }

    function describeMatches() {
      var visible = shown().length;
      var query = filter.value.trim();
      if (!query) return items.length + " " + many + ".";
      if (!visible) return "No " + one + " matches “" + query + "”.";
      return visible + (visible === 1 ? " " + one + " matches" : " " + many + " match") +
        ": Enter chooses " + shown()[0].name + ".";
    }

    function applyFilter() {
      var query = fold(filter.value.trim());
      // Names that start with the text come first, so "en" puts English before Armenian.
      var starts = [], contains = [];
      items.forEach(function (entry) {
        var hit = !query || entry.key.indexOf(query) !== -1 || entry.code === query;
        entry.item.hidden = !hit;
        if (hit) (query && entry.key.indexOf(query) !== 0 ? contains : starts).push(entry);
      });
      order = starts.concat(contains);
      order.forEach(function (entry) { list.appendChild(entry.item); });
      var visible = shown();
      list.hidden = visible.length === 0;
      setTabStop(visible[0]);
      announce(describeMatches());
    }

    function renderChips() {
      chips.textContent = "";
      var chosen = items.filter(function (entry) { return entry.option.selected; });
      chosenLine.textContent = chosen.length ? "Chosen:" : "Chosen: none yet.";
      chips.hidden = chosen.length === 0;
      chosen.forEach(function (entry) {
        var chip = make("button", {type: "button", "class": "multiselect-chip",
                                   "aria-label": "Remove " + entry.name,
                                   "data-value": entry.option.value});
        chip.appendChild(document.createTextNode(entry.name + " "));
        chip.appendChild(make("span", {"aria-hidden": "true"}, "×"));
        var li = make("li");
        li.appendChild(chip);
        chips.appendChild(li);
      });
    }

    function choose(entry, selected) {
      entry.option.selected = selected;
      entry.check.checked = selected;
      renderChips();
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }

    list.addEventListener("change", function (event) {
      var entry = items.filter(function (e) { return e.check === event.target; })[0];
      if (!entry) return;
      choose(entry, entry.check.checked);
      setTabStop(entry);
      announce(entry.name + (entry.check.checked ? " chosen." : " removed."));
    });

    list.addEventListener("keydown", function (event) {
      var visible = shown();
      var at = visible.map(function (e) { return e.check; }).indexOf(event.target);
      if (at === -1) return;
      var next = null;
      if (event.key === "ArrowDown") next = visible[Math.min(at + 1, visible.length - 1)];
      else if (event.key === "ArrowUp") {
        if (at === 0) { event.preventDefault(); filter.focus(); return; }
        next = visible[at - 1];
      } else if (event.key === "Home") next = visible[0];
      else if (event.key === "End") next = visible[visible.length - 1];
      else if (event.key === "Enter") {
        // Enter would submit the whole form; here it ticks, as Space does.
        event.preventDefault();
        event.target.click();
        return;
      }
      if (!next) return;
      event.preventDefault();
      setTabStop(next);
      next.check.focus();
    });

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Never submits the form from here: Enter picks the first match.
        event.preventDefault();
        var first = filter.value.trim() ? shown()[0] : null;
        if (!first) return;
        var selected = !first.option.selected;
        choose(first, selected);
        filter.value = "";
        applyFilter();
        announce(first.name + (selected ? " chosen." : " removed."));
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      } else if (event.key === "ArrowDown") {
        var visible = shown();
        if (!visible.length) return;
        event.preventDefault();
        setTabStop(visible[0]);
        visible[0].check.focus();
      }
    });

    chips.addEventListener("click", function (event) {
      var chip = event.target.closest("button.multiselect-chip");
      if (!chip) return;
      var entry = items.filter(function (e) { return e.option.value === chip.getAttribute("data-value"); })[0];
      var buttons = Array.prototype.slice.call(chips.querySelectorAll("button"));
      var position = buttons.indexOf(chip);
      choose(entry, false);
      announce(entry.name + " removed.");
      // Focus stays in the row: on the chip that took this one's place, else the box.
      var left = chips.querySelectorAll("button");
      (left[Math.min(position, left.length - 1)] || filter).focus();
    });

    box.appendChild(chosenLine);
    box.appendChild(chips);
    box.appendChild(filter);
    box.appendChild(count);
    box.appendChild(list);
    // Filled in before the box joins the page, so loading it announces nothing.
    renderChips();
    applyFilter();
    select.parentNode.insertBefore(box, select.nextSibling);
    if (help) {
      help.textContent = "Type to filter the list; Enter chooses the first match. Or go " +
        "down into the list with the arrow keys and tick with Space.";
      box.insertBefore(help, count);
    }
    // The field's label now names the text box; the select is hidden but still posted.
    label.setAttribute("for", filter.id);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
  }

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("select[multiple][data-multiselect]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
