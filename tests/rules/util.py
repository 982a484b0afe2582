from cleaners.document import Document


def apply(rule, text: str, **fields) -> Document:
    doc = Document.from_text("t", text, **fields)
    rule(doc)
    return doc


def lines(doc: Document) -> list[str]:
    return doc.texts()
