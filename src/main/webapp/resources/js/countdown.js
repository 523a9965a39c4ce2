/*
 * Checkout countdown. The end comes from the hold's expiresAt (data-expires-at, epoch ms), corrected by
 * the server clock at render time (data-server-now), so a reload shows the true time left. The visible
 * timer ticks every second; screen readers hear it through a polite live region only at whole minutes
 * and at 30 and 10 seconds. At zero the form is replaced by the "hold expired" panel.
 */
(function () {
    'use strict';

    var box = document.getElementById('countdown');
    if (!box) { return; }
    var expiresAt = Number(box.getAttribute('data-expires-at'));
    var skew = Number(box.getAttribute('data-server-now')) - Date.now();
    var time = document.getElementById('countdown-time');
    var announcer = document.getElementById('countdown-announcer');
    var lastAnnounced = null;
    var timer;

    function secondsLeft() {
        return Math.max(0, Math.ceil((expiresAt - (Date.now() + skew)) / 1000));
    }

    function spoken(seconds) {
        if (seconds >= 60) {
            var minutes = Math.ceil(seconds / 60);
            return 'Your seats are held for ' + minutes + (minutes === 1 ? ' more minute.' : ' more minutes.');
        }
        return 'Your seats are held for ' + seconds + ' more seconds.';
    }

    function announce(seconds) {
        var key = seconds >= 60 ? 'm' + Math.ceil(seconds / 60) : seconds <= 10 ? 's10' : seconds <= 30 ? 's30' : 'm1';
        if (key !== lastAnnounced) {
            lastAnnounced = key;
            announcer.textContent = spoken(seconds);
        }
    }

    function expire() {
        clearInterval(timer);
        var active = document.getElementById('checkout-active');
        var expired = document.getElementById('hold-expired');
        if (active) { active.hidden = true; }
        expired.classList.remove('is-hidden');
        var heading = document.getElementById('expired-title');
        heading.setAttribute('tabindex', '-1');
        heading.focus();
    }

    function tick() {
        var seconds = secondsLeft();
        time.textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
        box.classList.toggle('countdown--urgent', seconds <= 60);
        if (seconds === 0) {
            expire();
            return;
        }
        announce(seconds);
    }

    tick();
    timer = setInterval(tick, 250);
}());
