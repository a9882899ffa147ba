"""Pages as a person reads them: a `Page` over BeautifulSoup, for either app and any client.

A `Page` takes HTML text, bytes, or a response of the Flask test client or of requests.
"""

from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Doctype, Tag


def words(text: str) -> str:
    """Text with every run of whitespace made one space, as a reader sees it."""
    return " ".join(text.split())


def html_of(source) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, bytes):
        return source.decode()
    return source.text


@dataclass
class Form:
    """One <form>: where it posts, how, and the values it would send as it stands."""

    tag: Tag

    @property
    def action(self) -> str:
        return self.tag.get("action", "")

    @property
    def csrf_token(self) -> str:
        return self.fields["csrf_token"]

    @property
    def fields(self) -> dict[str, str]:
        """Each named input's value (checked ones only for boxes), each select's choice."""
        values = {}
        for element in self.tag.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or element.get("type") in ("submit", "button", "file"):
                continue
            if element.get("type") in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            values[name] = value_of(element)
        return values

    @property
    def names(self) -> set[str]:
        """The names of every control in the form, filled in or not."""
        controls = self.tag.find_all(["input", "select", "textarea", "button"])
        return {control["name"] for control in controls if control.get("name")}

    def button(self, label: str) -> dict[str, str] | None:
        """The name and value the submit button labelled `label` sends, None without one."""
        for button in self.tag.find_all("button"):
            if button.get("type", "submit") == "submit" and words(button.get_text()) == label:
                return {button.get("name"): button.get("value")}
        return None

    def options(self, name: str) -> list[str]:
        """The values a person may choose for `name`: select options, or radio/checkbox values."""
        select = self.tag.find("select", attrs={"name": name})
        if select is not None:
            return [option.get("value", option.get_text()) for option in select.find_all("option")]
        return [box.get("value") for box in self.tag.find_all("input", attrs={"name": name})]


def value_of(element: Tag) -> str:
    if element.name == "textarea":
        # A browser drops the newline right after <textarea> (WTForms writes one there).
        text = element.get_text()
        return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")
    if element.name == "select":
        chosen = element.find("option", selected=True) or element.find("option")
        return chosen.get("value", chosen.get_text()) if chosen else ""
    return element.get("value", "")


class Page:
    """A page (or an htmx fragment) of either app."""

    def __init__(self, source):
        self.html = html_of(source)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def title(self) -> str:
        return words(self.soup.title.get_text()) if self.soup.title else ""

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return words(heading.get_text()) if heading else ""

    @property
    def text(self) -> str:
        """What a reader sees: the text of the page, scripts and styles left out."""
        shown = [
            text
            for text in self.soup.find_all(string=True)
            if not isinstance(text, (Doctype, Comment))
            and text.parent.name not in ("script", "style")
        ]
        return words(" ".join(shown))

    @property
    def is_fragment(self) -> bool:
        return self.soup.find("html") is None

    @property
    def flashes(self) -> list[str]:
        return [words(p.get_text()) for p in self.soup.select("p.flash")]

    @property
    def error_summary(self) -> list[str]:
        summary = self.soup.select_one('[data-testid="error-summary"]')
        return [words(item.get_text()) for item in summary.select("li")] if summary else []

    @property
    def refusals(self) -> list[str]:
        """What the page refuses that no retyping fixes (a lockout, a failed scan)."""
        box = self.soup.select_one('[data-testid="refusal"]')
        return [words(p.get_text()) for p in box.select("p")] if box else []

    @property
    def error_summary_links(self) -> dict[str, str]:
        """Each summary item's text and the `#field-id` it points at."""
        summary = self.soup.select_one('[data-testid="error-summary"]')
        links = summary.select("li a") if summary else []
        return {words(link.get_text()): link.get("href", "") for link in links}

    def field_error(self, field_id: str) -> str:
        """The error message shown next to the field `field_id`; "" when there is none."""
        messages = self.soup.find_all(class_="error-message", id=f"{field_id}-error")
        return " ".join(words(message.get_text()) for message in messages)

    @property
    def field_errors(self) -> dict[str, str]:
        found = self.soup.select(".error-message[id$='-error']")
        return {tag["id"].removesuffix("-error"): words(tag.get_text()) for tag in found}

    def has_class(self, name: str) -> bool:
        return self.soup.select_one(f".{name}") is not None

    def testid(self, name: str) -> Tag | None:
        return self.soup.find(attrs={"data-testid": name})

    def testids(self, name: str) -> list[Tag]:
        return self.soup.find_all(attrs={"data-testid": name})

    def text_of(self, testid: str) -> str:
        """The text of the element marked `data-testid=testid`; fails when there is none."""
        element = self.testid(testid)
        assert element is not None, f"no data-testid={testid!r} on the page"
        return words(element.get_text(" "))

    def texts_of(self, testid: str) -> list[str]:
        """The texts of every element marked `data-testid=testid`, in page order."""
        return [words(element.get_text(" ")) for element in self.testids(testid)]

    def attribute_values(self, name: str) -> list[str]:
        """The values of the attribute `name` on any element (`hx-trigger`, `data-status`…)."""
        return [element[name] for element in self.soup.find_all(attrs={name: True})]

    @property
    def stylesheets(self) -> list[str]:
        """The addresses of the stylesheets the page links to, in page order."""
        links = self.soup.find_all("link", href=True)
        return [link["href"] for link in links if "stylesheet" in link.get("rel", [])]

    @property
    def canonical(self) -> str | None:
        """The address a page names as its own (one answered in place of a redirect)."""
        link = self.soup.find("link", rel="canonical", href=True)
        return link["href"] if link else None

    @property
    def images(self) -> list[str]:
        return [image.get("src", "") for image in self.soup.find_all("img")]

    @property
    def noscript_refresh(self) -> str | None:
        """The seconds of the `<noscript><meta http-equiv="refresh">` a page reloads itself by."""
        meta = self.soup.select_one('noscript > meta[http-equiv="refresh"]')
        return meta.get("content") if meta else None

    def by_id(self, element_id: str) -> str:
        element = self.soup.find(id=element_id)
        assert element is not None, f"no id={element_id!r} on the page"
        return words(element.get_text(" "))

    @property
    def links(self) -> dict[str, str]:
        """Each link's href by its text (the first link wins for a repeated text)."""
        found = {}
        for link in self.soup.find_all("a", href=True):
            found.setdefault(words(link.get_text()), link["href"])
        return found

    @property
    def hrefs(self) -> list[str]:
        return [link["href"] for link in self.soup.find_all("a", href=True)]

    def forms(self) -> list[Form]:
        return [Form(tag) for tag in self.soup.find_all("form")]

    def form(self, action: str | None = None) -> Form:
        """The form posting to `action` (the one with a field besides the CSRF token when
        `action` is not given, since the logout button is a form too)."""
        forms = self.forms()
        if action is not None:
            forms = [form for form in forms if form.action == action]
        else:
            forms = [form for form in forms if form.names - {"csrf_token"}] or forms
        assert forms, f"no form posting to {action!r} on the page"
        return forms[0]

    @property
    def csrf_token(self) -> str:
        token = self.soup.find("input", attrs={"name": "csrf_token"})
        assert token is not None, "no CSRF token on the page"
        return token["value"]

    def hidden(self, name: str) -> str:
        """The value of the hidden input `name`."""
        element = self.soup.find("input", attrs={"name": name, "type": "hidden"})
        assert element is not None, f"no hidden input {name!r} on the page"
        return element.get("value", "")


class WizardStep(Page):
    """A step of the cabinet's application wizard; the last one carries a submission key."""

    @property
    def submission_key(self) -> str:
        return self.hidden("submission_key")

    def hint(self, field_id: str) -> str:
        """The hint under the field `field_id` (where its value came from, an example)."""
        element = self.soup.find(id=f"{field_id}-hint")
        return words(element.get_text()) if element else ""

    @property
    def document_rows(self) -> dict[str, str]:
        """Step 4: each required document's code, "present" or "missing"."""
        rows = self.soup.select('[data-testid^="required-"]')
        return {
            row["data-testid"].removeprefix("required-"): (
                "present" if row.select_one('[data-testid$="-present"]') else "missing"
            )
            for row in rows
            if row["data-testid"] != "required-documents"
        }

    def row_text(self, code: str) -> str:
        return self.text_of(f"required-{code}")

    @property
    def summary_documents(self) -> list[str]:
        """Step 5: the documents the application carries, one line each."""
        found = self.soup.select('[data-testid="summary-documents"] li')
        return [words(item.get_text()) for item in found]

    @property
    def file_inputs(self) -> dict[str, str]:
        """Each file input's name and what its picker offers (`accept`)."""
        found = self.soup.find_all("input", attrs={"type": "file"})
        return {element["name"]: element.get("accept", "") for element in found}
