/*
 * Seat map: sums up the chosen seats, stops at the most seats one hold may take, and applies the seat
 * states the server pushes (f:websocket channel "seatmap") without reloading the page.
 */
(function () {
    'use strict';

    var WORDS = { available: 'available', held: 'held by another buyer', sold: 'sold', yours: 'held by you' };

    function form() { return document.querySelector('[data-seat-map]'); }
    function inputs() { return Array.prototype.slice.call(form().querySelectorAll('input.seat__input')); }

    function amount(input) { return parseFloat(input.getAttribute('data-price')) || 0; }
    function currency(input) { var parts = input.getAttribute('data-price').split(' '); return parts[parts.length - 1]; }

    function refreshSummary() {
        var f = form();
        if (!f) { return; }
        var max = parseInt(f.getAttribute('data-max'), 10) || 9;
        var chosen = inputs().filter(function (input) { return input.checked; });
        var summary = document.getElementById('selection-summary');
        if (chosen.length === 0) {
            summary.textContent = 'Choose up to ' + max + ' seats on the map.';
        } else {
            var total = chosen.reduce(function (sum, input) { return sum + amount(input); }, 0);
            summary.textContent = (chosen.length === 1 ? '1 seat: ' : chosen.length + ' seats: ')
                + chosen.map(function (input) { return input.value; }).join(', ')
                + ' · ' + (Math.round(total * 100) / 100) + ' ' + currency(chosen[0])
                + (chosen.length >= max ? ' (the most one booking can hold)' : '');
        }
        inputs().forEach(function (input) {
            if (input.getAttribute('data-state') === 'available') {
                input.disabled = !input.checked && chosen.length >= max;
            }
        });
    }

    function announceTaken(codes) {
        var text = codes.length === 1
            ? codes[0] + ' was just taken — choose another seat.'
            : codes.slice(0, -1).join(', ') + ' and ' + codes[codes.length - 1] + ' were just taken — choose other seats.';
        var alert = document.getElementById('seat-taken');
        alert.textContent = text;
        alert.hidden = false;
    }

    /** Applies pushed seat states: {flight, held: [codes], sold: [codes]}. */
    window.seatMapPushed = function (message) {
        var f = form();
        if (!f || !message || message.flight !== f.getAttribute('data-flight')) { return; }
        var held = {}, sold = {}, taken = [], changed = 0;
        (message.held || []).forEach(function (code) { held[code] = true; });
        (message.sold || []).forEach(function (code) { sold[code] = true; });
        inputs().forEach(function (input) {
            var code = input.value;
            var current = input.getAttribute('data-state');
            var next = sold[code] ? 'sold' : held[code] ? 'held' : 'available';
            if (current === 'yours' && next === 'held') { return; }
            if (next === current) { return; }
            if (input.checked && next !== 'available') {
                input.checked = false;
                taken.push(code);
            }
            var seat = input.parentNode;
            input.setAttribute('data-state', next);
            input.disabled = next !== 'available';
            input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/, [^,]*$/, ', ' + WORDS[next]));
            seat.title = input.getAttribute('aria-label');
            seat.className = seat.className.replace(/\bseat--(available|held|sold|yours)\b/, 'seat--' + next) + ' is-updated';
            setTimeout(function () { seat.className = seat.className.replace(/ is-updated/g, ''); }, 2000);
            changed++;
        });
        if (taken.length) { announceTaken(taken); }
        if (changed) {
            document.getElementById('live-status').textContent = changed === 1 ? 'One seat changed on the map.' : changed + ' seats changed on the map.';
            f.setAttribute('data-pushes', String((parseInt(f.getAttribute('data-pushes'), 10) || 0) + 1));
        }
        refreshSummary();
    };

    document.addEventListener('change', function (event) {
        if (event.target.classList && event.target.classList.contains('seat__input')) {
            document.getElementById('seat-taken').hidden = true;
            refreshSummary();
        }
    });
    refreshSummary();
}());
