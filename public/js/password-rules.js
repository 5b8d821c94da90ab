// Ticks the password rules beside a new-password field as the person types. The rules mirror
// src/auth/password-policy.ts except the common-password list, which only the server checks.
(function () {
  function update(input) {
    var list = document.getElementById(input.getAttribute('data-password-rules'));
    if (!list) return;
    var value = input.value;
    var email = (input.getAttribute('data-email') || '').toLowerCase();
    var local = email.split('@')[0] || '';
    var length = Array.from(value).length;
    var lower = value.toLowerCase();
    var met = {
      length: length >= 8,
      max: length <= 128,
      common: value.length > 0 && !/^(.)\1*$/.test(value),
      email: value.length > 0 && (!email || (lower !== email && (local.length < 4 || lower.indexOf(local) === -1))),
    };
    list.querySelectorAll('[data-rule]').forEach(function (item) {
      item.classList.toggle('met', !!met[item.getAttribute('data-rule')]);
    });
  }
  document.addEventListener('input', function (event) {
    if (event.target instanceof HTMLInputElement && event.target.hasAttribute('data-password-rules')) update(event.target);
  });
})();
