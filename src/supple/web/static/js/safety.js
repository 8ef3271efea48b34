// The Safety page's questions. The server decides the result; this only saves time:
// a yes to an emergency question sends the answers at once (the server answers with where
// to get help, whatever is left blank), and the clinician question shows only after a yes
// to a see-a-doctor question. Without this script the whole form posts as it is.

const form = document.getElementById("screen-form");
const check = document.getElementById("clinician-check");
const stop = document.getElementById("urgent-stop");

function answeredYes(level) {
  return [...form.querySelectorAll(`fieldset[data-level="${level}"] input[value="yes"]`)]
    .some((input) => input.checked);
}

// The clinician question: asked (and required) only after a see-a-doctor yes.
function showCheck() {
  const asked = answeredYes("doctor");
  check.hidden = !asked;
  for (const input of check.querySelectorAll("input")) {
    input.disabled = !asked; // a hidden answer is not sent
    input.required = asked;
  }
}

if (form && check) {
  if (stop) stop.hidden = true; // a yes below sends the form by itself
  showCheck();
  form.addEventListener("change", (event) => {
    const input = event.target;
    const fieldset = input.closest("fieldset");
    if (input.value === "yes" && input.checked && fieldset?.dataset.level === "emergency") {
      // Nothing else matters now: no further questions, the emergency message at once.
      for (const button of form.querySelectorAll("[type=submit]")) button.disabled = true;
      form.submit(); // not requestSubmit(): the questions left blank must not hold it back
      return;
    }
    showCheck();
  });
}
