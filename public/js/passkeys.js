// Passkey buttons (no inline handlers: the CSP allows only scripts from this origin with a nonce).
// Load after /vendor/simplewebauthn-browser-14.0.0.js, both with `defer`.
//
//   <button type="button" data-passkey-register data-options-url="/security/passkeys/options"
//           data-verify-url="/security/passkeys" data-name-input="passkey-name" data-status="passkey-status">
//   <button type="button" data-passkey-login data-options-url="/login/passkey/options"
//           data-verify-url="/login/passkey" data-status="passkey-status">
//   <p id="passkey-status" role="status" aria-live="polite"></p>
//
// Click: POST options-url (no body) -> options JSON -> browser ceremony -> POST verify-url with
// JSON { response, name } (register) or { response, next } (login) -> { ok: true, redirect } or
// { ok: false, message }. Any non-2xx answer with a JSON { message } shows that message.
(function () {
  var REGISTER = 'data-passkey-register';
  var LOGIN = 'data-passkey-login';
  var SELECTOR = '[' + REGISTER + '],[' + LOGIN + ']';

  function lib() {
    return window.SimpleWebAuthnBrowser;
  }

  function supported() {
    var l = lib();
    if (!window.PublicKeyCredential || !l) return false;
    return typeof l.browserSupportsWebAuthn === 'function' ? l.browserSupportsWebAuthn() : true;
  }

  function hideUnsupported(root) {
    if (supported()) return;
    var scope = root || document;
    var buttons = Array.prototype.slice.call(scope.querySelectorAll(SELECTOR));
    if (scope instanceof Element && scope.matches(SELECTOR)) buttons.push(scope);
    buttons.forEach(function (button) {
      button.hidden = true;
    });
  }

  function status(button, text, state) {
    var el = document.getElementById(button.getAttribute('data-status') || '');
    if (!el) return;
    el.textContent = text;
    if (state) el.setAttribute('data-state', state);
    else el.removeAttribute('data-state');
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(
        function (json) {
          return { res: res, json: json };
        },
        function () {
          return { res: res, json: null };
        },
      );
    });
  }

  function failure(result, fallback) {
    var message = result.json && typeof result.json.message === 'string' ? result.json.message : fallback;
    var err = new Error(message);
    err.shown = true;
    return err;
  }

  /** Only same-origin destinations, so a tampered answer cannot send the person elsewhere. */
  function safeRedirect(target) {
    try {
      var url = new URL(target, window.location.href);
      return url.origin === window.location.origin ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function ceremonyMessage(err, registering) {
    var code = err && err.code;
    var name = err && err.name;
    if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError')
      return 'This device already holds a passkey for your account.';
    if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError')
      return registering ? 'No passkey was created: the request was cancelled or timed out.' : 'Passkey sign-in was cancelled or timed out.';
    if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError')
      return 'Passkeys are not available on this address.';
    return registering ? 'The passkey could not be created. Please try again.' : 'Passkey sign-in did not work. Please try again.';
  }

  function run(button) {
    var registering = button.hasAttribute(REGISTER);
    var optionsUrl = button.getAttribute('data-options-url');
    var verifyUrl = button.getAttribute('data-verify-url');
    if (!optionsUrl || !verifyUrl || button.disabled) return;

    var extra = {};
    if (registering) {
      var nameInput = document.getElementById(button.getAttribute('data-name-input') || '');
      extra.name = nameInput && typeof nameInput.value === 'string' ? nameInput.value.trim() : '';
    } else {
      var form = button.form || button.closest('form');
      var next = form ? form.querySelector('input[name="next"]') : null;
      if (next) extra.next = next.value;
    }

    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status(button, registering ? 'Preparing your passkey…' : 'Getting ready…', 'busy');

    post(optionsUrl)
      .then(function (result) {
        if (!result.res.ok || !result.json || result.json.ok === false) throw failure(result, 'Passkeys are unavailable right now. Please try again.');
        status(button, registering ? 'Follow your device’s prompt to create the passkey…' : 'Follow your device’s prompt to sign in…', 'busy');
        var ceremony = registering ? lib().startRegistration : lib().startAuthentication;
        return ceremony({ optionsJSON: result.json }).then(
          function (response) {
            return response;
          },
          function (err) {
            var e = new Error(ceremonyMessage(err, registering));
            e.shown = true;
            throw e;
          },
        );
      })
      .then(function (response) {
        status(button, 'Checking…', 'busy');
        var body = { response: response };
        for (var key in extra) body[key] = extra[key];
        return post(verifyUrl, body);
      })
      .then(function (result) {
        if (!result.res.ok || !result.json || result.json.ok !== true) throw failure(result, 'That did not work. Please try again.');
        var target = safeRedirect(result.json.redirect || window.location.href);
        status(button, registering ? 'Passkey saved.' : 'Signed in.', 'ok');
        if (target) window.location.assign(target);
      })
      .catch(function (err) {
        status(button, err && err.shown ? err.message : 'Something went wrong. Check your connection and try again.', 'error');
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest(SELECTOR) : null;
    if (!target) return;
    // The button may sit in a form (e.g. beside the password fields): never submit that form.
    event.preventDefault();
    run(target);
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { hideUnsupported(); });
  else hideUnsupported();
  // Buttons that htmx swaps in later.
  document.addEventListener('htmx:load', function (event) {
    hideUnsupported(event.target instanceof Element ? event.target : document);
  });
})();
