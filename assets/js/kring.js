// SPDX-License-Identifier: AGPL-3.0-or-later
/* kring.js: progressive enhancement only; every page works without it. When a form comes
 * back with errors, move focus to the error summary, so keyboard and screen-reader users start
 * at the list of what to fix (its links lead to each field). */
(function () {
	"use strict";

	function focusErrorSummary() {
		var summary = document.querySelector(".error-summary");
		if (summary) {
			summary.focus();
		}
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", focusErrorSummary);
	} else {
		focusErrorSummary();
	}
})();
