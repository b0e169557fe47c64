// Citation markers open their answer's sources in place. The browser must not follow them: a
// fragment link resolves against the page's <base>, so with a query string (?__theme=dark) or a
// path prefix in the address it would load another URL, reload the app and lose the chat.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.cite");
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (!target) return;
  const sources = target.closest("details.sources");
  if (sources) sources.open = true;
  target.classList.remove("flash");
  void target.offsetWidth;  // restart the animation when the same citation is clicked again
  target.classList.add("flash");
  // Its top: a source can be taller than a phone's screen. Again once the chat has reacted to the
  // taller message (it scrolls itself to the bottom when its content grows).
  target.scrollIntoView({ block: "start" });
  setTimeout(() => target.scrollIntoView({ block: "start" }), 250);
}, true);

// Opening the whole article scrolls its highlighted sentence into view.
document.addEventListener("toggle", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLDetailsElement) || !box.open || !box.matches("details.article")) return;
  const mark = box.querySelector("mark");
  if (mark) mark.scrollIntoView({ block: "center" });
}, true);
