// Forms that ask a person and an organisation for different things (a 身份证号 or a 统一社会信用代码):
// only the fields for the applicant kind chosen are shown, required and sent; the others are hidden
// and disabled. Without this script every field shows, and the server says which one does not apply.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-applicant-kind]").forEach(function (form) {
    var kind = form.querySelector("[name='" + form.getAttribute("data-applicant-kind") + "']");
    if (!kind) return;
    function show() {
      form.querySelectorAll("[data-applicant]").forEach(function (part) {
        var on = part.getAttribute("data-applicant") === kind.value;
        part.hidden = !on;
        part.querySelectorAll("input, select, textarea").forEach(function (control) {
          control.disabled = !on;
          control.required = on && part.hasAttribute("data-required");
        });
      });
    }
    kind.addEventListener("change", show);
    show();
  });
});
