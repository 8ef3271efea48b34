// The Reminders page: ask the browser for permission to show notices outside the tab.
const button = document.getElementById("allow-notices");
const state = document.getElementById("notices-state");

function say() {
  if (!("Notification" in window)) {
    state.textContent = "This browser cannot show notices; reminders show on supple's pages.";
    button.hidden = true;
  } else if (Notification.permission === "granted") {
    state.textContent = "Browser notices are on.";
    button.hidden = true;
  } else if (Notification.permission === "denied") {
    state.textContent = "Notices are blocked for this site in the browser's settings.";
    button.hidden = true;
  } else {
    state.textContent = "";
  }
}

button?.addEventListener("click", async () => {
  await Notification.requestPermission();
  say();
});
if (button) say();
