// The phone's "More" menu closes as menus do: a tap outside it, or Escape.
const more = document.querySelector("details.more");
if (more) {
  document.addEventListener("click", (e) => {
    if (more.open && !more.contains(e.target)) more.open = false;
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && more.open) {
      more.open = false;
      more.querySelector("summary").focus();
    }
  });
}
