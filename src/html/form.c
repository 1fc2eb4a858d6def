// SPDX-License-Identifier: AGPL-3.0-or-later
/* form.c: accessible form widgets after the GOV.UK design system: labels, hints and errors
 * tied to their control, the error summary, and the form with its CSRF token. */
#include "html/form.h"
#include "base/i18n.h"
#include "html/html.h"

static bool
present(const char *s)
{
	return s && *s;
}

/* aria-describedby naming the hint and the error of field `name`, those that exist. */
static void
form_describedby(struct strbuf *sb, const char *name, bool hint, bool error)
{
	if (!hint && !error)
		return;
	html_lit(sb, " aria-describedby=\"");
	if (hint)
		html_fmt(sb, "f-%s-hint", name);
	if (hint && error)
		html_lit(sb, " ");
	if (error)
		html_fmt(sb, "f-%s-error", name);
	html_lit(sb, "\"");
}

static void
form_hint(struct strbuf *sb, const char *name, const char *hint)
{
	if (present(hint))
		html_fmt(sb, "<p class=\"hint\" id=\"f-%s-hint\">%s</p>\n", name, hint);
}

/* The message says what went wrong in words and the hidden prefix says that it is an error,
 * so neither colour nor position alone carries the meaning (WCAG 1.4.1, 3.3.1). */
static void
form_field_error(struct strbuf *sb, const char *name, const char *error)
{
	if (present(error))
		html_fmt(sb,
			 "<p class=\"error-message\" id=\"f-%s-error\">"
			 "<span class=\"visually-hidden\">%s</span> %s</p>\n",
			 name, _("Error:"), error);
}

void
form_error_summary(struct strbuf *sb, const struct form_error *errors, size_t n)
{
	if (!n)
		return;
	html_fmt(sb,
		 "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
		 "aria-labelledby=\"error-summary-title\">\n"
		 "<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
		 _("There is a problem"));
	for (size_t i = 0; i < n; i++)
		html_fmt(sb, "<li><a href=\"#f-%s\">%s</a></li>\n", errors[i].field,
			 errors[i].message);
	html_lit(sb, "</ul>\n</div>\n");
}

static void
begin(struct strbuf *sb, const char *action, const char *csrf_token, bool upload)
{
	html_fmt(sb, "<form class=\"form\" method=\"post\" action=\"%s\"", action);
	if (upload)
		html_lit(sb, " enctype=\"multipart/form-data\"");
	html_fmt(sb, " novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
		 csrf_token ? csrf_token : "");
}

void
form_begin(struct strbuf *sb, const char *action, const char *csrf_token)
{
	begin(sb, action, csrf_token, false);
}

void
form_begin_upload(struct strbuf *sb, const char *action, const char *csrf_token)
{
	begin(sb, action, csrf_token, true);
}

void
form_end(struct strbuf *sb)
{
	html_lit(sb, "</form>\n");
}

void
form_input(struct strbuf *sb, const struct form_field *f)
{
	if (!present(f->name) || !present(f->label))
		BUG("form_input: a field needs a name and a label");
	bool hint = present(f->hint), error = present(f->error);
	const char *type = present(f->type) ? f->type : "text";
	bool number = strcmp(type, "number") == 0, range = f->min || f->max;
	if (number && f->maxlength)
		BUG("form_input: maxlength on the number field %s (use min and max)", f->name);
	if (range && (!number || f->min > f->max))
		BUG("form_input: the range of field %s", f->name);

	html_lit(sb, "<div class=\"field");
	if (error)
		html_lit(sb, " field-error");
	html_fmt(sb, "\">\n<label class=\"label\" for=\"f-%s\">%s", f->name, f->label);
	if (f->required)
		html_fmt(sb, " <span class=\"required\">%s</span>", _("(required)"));
	html_lit(sb, "</label>\n");
	form_hint(sb, f->name, f->hint);
	form_field_error(sb, f->name, f->error);

	if (f->multiline)
		html_fmt(sb, "<textarea class=\"textarea\" id=\"f-%s\" name=\"%s\" rows=\"6\"",
			 f->name, f->name);
	else
		html_fmt(sb, "<input class=\"input\" id=\"f-%s\" name=\"%s\" type=\"%s\"", f->name,
			 f->name, type);
	/* A password is never sent back to the browser, not even to refill a form. */
	if (!f->multiline && present(f->value) && strcmp(type, "password") != 0)
		html_fmt(sb, " value=\"%s\"", f->value);
	if (present(f->autocomplete))
		html_fmt(sb, " autocomplete=\"%s\"", f->autocomplete);
	if (present(f->accept))
		html_fmt(sb, " accept=\"%s\"", f->accept);
	if (present(f->lang))
		html_fmt(sb, " lang=\"%s\"", f->lang);
	if (f->maxlength)
		html_fmt(sb, " maxlength=\"%u\"", f->maxlength);
	if (range)
		html_fmt(sb, " min=\"%lld\" max=\"%lld\"", f->min, f->max);
	if (f->required)
		html_lit(sb, " required");
	form_describedby(sb, f->name, hint, error);
	if (error)
		html_lit(sb, " aria-invalid=\"true\"");
	if (f->multiline)
		html_fmt(sb, ">%s</textarea>\n", f->value);
	else
		html_lit(sb, ">\n");
	html_lit(sb, "</div>\n");
}

void
form_select(struct strbuf *sb, const struct form_choice *c)
{
	if (!present(c->name) || !present(c->legend) || !c->noptions)
		BUG("form_select: a select needs a name, a label and options");
	bool hint = present(c->hint), error = present(c->error);
	html_lit(sb, "<div class=\"field");
	if (error)
		html_lit(sb, " field-error");
	html_fmt(sb, "\">\n<label class=\"label\" for=\"f-%s\">%s</label>\n", c->name, c->legend);
	form_hint(sb, c->name, c->hint);
	form_field_error(sb, c->name, c->error);
	html_fmt(sb, "<select class=\"select\" id=\"f-%s\" name=\"%s\"", c->name, c->name);
	form_describedby(sb, c->name, hint, error);
	if (error)
		html_lit(sb, " aria-invalid=\"true\"");
	html_lit(sb, ">\n");
	for (size_t i = 0; i < c->noptions; i++) {
		const struct form_option *o = &c->options[i];
		html_fmt(sb, "<option value=\"%s\"", o->value);
		if (present(o->lang))
			html_fmt(sb, " lang=\"%s\"", o->lang);
		if (c->selected && strcmp(c->selected, o->value) == 0)
			html_lit(sb, " selected");
		html_fmt(sb, ">%s</option>\n", o->label);
	}
	html_lit(sb, "</select>\n</div>\n");
}

void
form_radios(struct strbuf *sb, const struct form_choice *c)
{
	if (!present(c->name) || !present(c->legend) || !c->noptions)
		BUG("form_radios: a group needs a name, a legend and options");
	bool hint = present(c->hint), error = present(c->error);

	html_lit(sb, "<div class=\"field");
	if (error)
		html_lit(sb, " field-error");
	html_lit(sb, "\">\n<fieldset class=\"fieldset\"");
	form_describedby(sb, c->name, hint, error);
	html_fmt(sb, ">\n<legend class=\"legend\">%s</legend>\n", c->legend);
	form_hint(sb, c->name, c->hint);
	form_field_error(sb, c->name, c->error);
	html_lit(sb, "<div class=\"radios\">\n");
	for (size_t i = 0; i < c->noptions; i++) {
		const struct form_option *o = &c->options[i];
		/* The first radio carries the group's id, so the error summary's link lands on
		 * the group; the others get one from their value. */
		struct strbuf id;
		strbuf_init(&id, 0);
		if (i == 0)
			html_fmt(&id, "f-%s", c->name);
		else
			html_fmt(&id, "f-%s-%s", c->name, o->value);
		const struct html_safe idh = { id.buf, id.len };
		html_fmt(sb,
			 "<div class=\"choice\">\n"
			 "<input class=\"choice-input\" type=\"radio\" id=\"%H\" name=\"%s\" "
			 "value=\"%s\"",
			 &idh, c->name, o->value);
		if (c->selected && o->value && strcmp(c->selected, o->value) == 0)
			html_lit(sb, " checked");
		/* An option's hint is named after its value, also for the first option: with
		 * the group's id it would clash with the group's own hint ("f-<name>-hint"). */
		if (present(o->hint))
			html_fmt(sb, " aria-describedby=\"f-%s-%s-hint\"", c->name, o->value);
		if (error)
			html_lit(sb, " aria-invalid=\"true\"");
		if (o->lang)
			html_fmt(
			    sb,
			    ">\n<label class=\"choice-label\" for=\"%H\" lang=\"%s\">%s</label>\n",
			    &idh, o->lang, o->label);
		else
			html_fmt(sb, ">\n<label class=\"choice-label\" for=\"%H\">%s</label>\n",
				 &idh, o->label);
		if (present(o->hint) && o->hint_lang)
			html_fmt(sb,
				 "<p class=\"hint choice-hint\" id=\"f-%s-%s-hint\" "
				 "lang=\"%s\">%s</p>\n",
				 c->name, o->value, o->hint_lang, o->hint);
		else if (present(o->hint))
			html_fmt(sb, "<p class=\"hint choice-hint\" id=\"f-%s-%s-hint\">%s</p>\n",
				 c->name, o->value, o->hint);
		html_lit(sb, "</div>\n");
		strbuf_release(&id);
	}
	html_lit(sb, "</div>\n</fieldset>\n</div>\n");
}

void
form_checkbox(struct strbuf *sb, const char *name, const char *label, const char *hint,
	      bool checked)
{
	if (!present(name) || !present(label))
		BUG("form_checkbox: a checkbox needs a name and a label");
	html_fmt(sb,
		 "<div class=\"field\">\n<div class=\"choice\">\n"
		 "<input class=\"choice-input\" type=\"checkbox\" id=\"f-%s\" name=\"%s\" "
		 "value=\"1\"",
		 name, name);
	if (checked)
		html_lit(sb, " checked");
	form_describedby(sb, name, present(hint), false);
	html_fmt(sb, ">\n<label class=\"choice-label\" for=\"f-%s\">%s</label>\n", name, label);
	if (present(hint))
		html_fmt(sb, "<p class=\"hint choice-hint\" id=\"f-%s-hint\">%s</p>\n", name, hint);
	html_lit(sb, "</div>\n</div>\n");
}

void
form_submit(struct strbuf *sb, const char *label)
{
	html_fmt(sb, "<button type=\"submit\" class=\"button\">%s</button>\n", label);
}
