/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* form.h: accessible form widgets (after the GOV.UK design system). A widget always writes a
 * <label> (or <fieldset> with <legend>), its hint and its error, tied to the control with
 * aria-describedby; an invalid control gets aria-invalid. form_error_summary() goes at the top
 * of the page and links to each field by id ("f-" + the field's name). */
#ifndef KRING_HTML_FORM_H
#define KRING_HTML_FORM_H

#include "base/strbuf.h"

struct form_error {
	const char *field;   /* the field's name */
	const char *message; /* what is wrong and how to put it right, in the reader's language */
};

struct form_option {
	const char *value;
	const char *label;
	const char *hint;      /* optional */
	const char *lang;      /* optional: the label's language when it differs from the page's */
	const char *hint_lang; /* optional: the same for the hint */
};

struct form_field {
	const char *name;
	const char *label;
	const char *hint;  /* optional */
	const char *error; /* optional: the message shown with the field */
	const char *value; /* the current value */
	const char
	    *type; /* text input type: "text" (default), "email", "password", "number", ... */
	const char *autocomplete; /* optional */
	const char *accept;	  /* optional, with type "file": e.g. "image/jpeg,image/png" */
	/* Optional: the language of the value when it may differ from the page's (what the
	 * organisation wrote, in its content language): lang= on the field (WCAG 3.1.2). */
	const char *lang;
	unsigned maxlength; /* 0: none; not with type "number" (invalid HTML there) */
	/* With type "number": the range the browser offers and checks (min= and max=), the same
	 * the server checks again; none when both are 0. */
	long long min, max;
	bool required;
	bool multiline; /* a <textarea> */
};

struct form_choice {
	const char *name;
	const char *legend;
	const char *hint;
	const char *error;
	const struct form_option *options;
	size_t noptions;
	const char *selected; /* the value of the checked option */
};

/* A box at the top of the page listing every error with a link to its field; writes nothing
 * when n == 0. Gets focus on load through the page's script (tabindex="-1", role="alert"). */
void form_error_summary(struct strbuf *sb, const struct form_error *errors, size_t n);
/* <form method="post" action=...> with the hidden synchronizer token. */
void form_begin(struct strbuf *sb, const char *action, const char *csrf_token);
/* The same for a form that sends a file (multipart/form-data; the route has ROUTE_MULTIPART). */
void form_begin_upload(struct strbuf *sb, const char *action, const char *csrf_token);
void form_end(struct strbuf *sb);
void form_input(struct strbuf *sb, const struct form_field *f);
/* A group of radio buttons in a fieldset with legend. */
void form_radios(struct strbuf *sb, const struct form_choice *c);
/* The same choice as a <select> (legend is its label), for a long list such as the months;
 * the options' hints are not shown. */
void form_select(struct strbuf *sb, const struct form_choice *c);
/* A single checkbox with label and optional hint; `checked` sets its state. */
void form_checkbox(struct strbuf *sb, const char *name, const char *label, const char *hint,
		   bool checked);
void form_submit(struct strbuf *sb, const char *label);

#endif
