// Irreversible actions ask once more. A form (or a button) with data-confirm="question"
// submits only when the person confirms; without JavaScript the form simply submits.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
