// The header's groups ("Community", "Me", "Staff") are <details> disclosures and work
// without this file. With it, an open group closes when another one opens, on Escape
// (the focus goes back to its button) and on a click or a focus move elsewhere.
(() => {
  "use strict";
  const groups = () => [...document.querySelectorAll("details.nav-group")];
  const closeAll = (except) => {
    for (const group of groups()) {
      if (group !== except && group.open) group.open = false;
    }
  };
  document.addEventListener("toggle", (event) => {
    const group = event.target;
    if (group instanceof HTMLDetailsElement && group.matches(".nav-group") && group.open) {
      closeAll(group);
    }
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const group = document.activeElement && document.activeElement.closest("details.nav-group[open]");
    if (group) {
      group.open = false;
      group.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("details.nav-group")) closeAll(null);
  });
  document.addEventListener("focusin", (event) => {
    if (!event.target.closest("details.nav-group")) closeAll(null);
  });
})();
