//! Reading rendered SVG and HTML in the tests.

use roxmltree::{Document, Node};

/// Whether the element's `class` has this token.
pub(crate) fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|t| t == class))
}

/// The elements whose `class` has this token, in document order.
pub(crate) fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants().filter(|n| has_class(n, class)).collect()
}

/// The text of the element's `<title>` child (its tooltip).
pub(crate) fn child_title(node: &Node<'_, '_>) -> String {
    node.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_owned()
}

/// The text directly inside an element.
pub(crate) fn own_text(node: &Node<'_, '_>) -> String {
    node.children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

/// Everything a reader or a script can read: text and every attribute but geometry.
pub(crate) fn readable_words(markup: &str) -> String {
    const GEOMETRY: [&str; 12] = [
        "x",
        "y",
        "cx",
        "cy",
        "r",
        "width",
        "height",
        "d",
        "points",
        "x1",
        "x2",
        "font-size",
    ];
    let doc = Document::parse(markup).expect("parses");
    let mut words = String::new();
    for node in doc.descendants() {
        if let Some(text) = node.text() {
            words.push_str(text);
            words.push('\n');
        }
        for attribute in node.attributes().filter(|a| !GEOMETRY.contains(&a.name())) {
            words.push_str(attribute.value());
            words.push('\n');
        }
    }
    words
}
