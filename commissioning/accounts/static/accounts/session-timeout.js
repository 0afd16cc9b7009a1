// Warns a signed-in person before their idle session ends, and lets them stay signed in.
// The server ends the session regardless (commissioning/core/sessions.py); without JavaScript
// the next page after the idle period is the sign-in page with a message saying why. The warning is
// a <template> in base.html, put into the page only when it is shown.
(function () {
  'use strict'
  var body = document.body
  var timeout = parseInt(body.getAttribute('data-session-timeout-seconds'), 10)
  var warning = parseInt(body.getAttribute('data-session-warning-seconds'), 10)
  var keepAliveUrl = body.getAttribute('data-session-keep-alive-url')
  var signInUrl = body.getAttribute('data-session-sign-in-url')
  var template = document.getElementById('session-timeout-warning')
  if (!timeout || !template || !keepAliveUrl) return
  var banner = template.content.firstElementChild.cloneNode(true)
  var remaining = banner.querySelector('[data-session-remaining]')
  var stay = banner.querySelector('[data-session-stay]')
  var deadline, warnTimer, endTimer, tickTimer

  function minutesText (seconds) {
    var minutes = Math.max(1, Math.ceil(seconds / 60))
    return minutes + (minutes === 1 ? ' minute' : ' minutes')
  }

  function tick () {
    remaining.textContent = minutesText((deadline - Date.now()) / 1000)
  }

  function showWarning () {
    template.parentNode.insertBefore(banner, template)
    banner.hidden = false
    tick()
    tickTimer = window.setInterval(tick, 15000)
    stay.focus()
  }

  function signedOut () {
    window.location.href = signInUrl + '?next=' + encodeURIComponent(window.location.pathname + window.location.search)
  }

  function start () {
    window.clearTimeout(warnTimer)
    window.clearTimeout(endTimer)
    window.clearInterval(tickTimer)
    banner.hidden = true
    if (banner.parentNode) banner.parentNode.removeChild(banner)
    deadline = Date.now() + timeout * 1000
    warnTimer = window.setTimeout(showWarning, Math.max(0, timeout - warning) * 1000)
    endTimer = window.setTimeout(signedOut, timeout * 1000 + 1000)
  }

  stay.addEventListener('click', function () {
    window.fetch(keepAliveUrl, { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
      .then(function (response) {
        if (response.ok) start()
        else signedOut()
      })
      .catch(start)
  })
  document.body.addEventListener('htmx:afterRequest', start)
  start()
})()
