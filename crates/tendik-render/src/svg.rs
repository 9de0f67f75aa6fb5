//! Writing SVG: escaping, coordinates rounded to 0.1 px, elements, the document frame, text
//! measured and wrapped, hatching patterns, axes.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::figure::Frame;

/// Fonts every chart asks for: all of them render Cyrillic.
pub(crate) const FONTS: &str = "system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif";
/// Text colour.
pub(crate) const INK: &str = "#1a1a1a";
/// Secondary text, axes and grid lines.
pub(crate) const MUTED: &str = "#5a5a5a";
/// Fill of figures not shown (suppressed or unavailable).
pub(crate) const MISSING: &str = "#d9d9d9";
/// Font sizes.
pub(crate) const TITLE_SIZE: f64 = 16.0;
pub(crate) const TEXT_SIZE: f64 = 12.0;
pub(crate) const SMALL_SIZE: f64 = 11.0;

/// Escapes text for XML and HTML content and attribute values (`&`, `<`, `>`, `"`, `'`).
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

/// A coordinate rounded to 0.1 px, written without a trailing `.0` and never as `-0`.
pub(crate) fn px(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let (sign, tenths) = if tenths < 0 {
        ("-", -tenths)
    } else {
        ("", tenths)
    };
    if tenths % 10 == 0 {
        format!("{sign}{}", tenths / 10)
    } else {
        format!("{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// An element being written: `Tag::new("rect").num("x", 1.0).attr("fill", "#fff").close()`.
pub(crate) struct Tag {
    name: &'static str,
    buffer: String,
}

impl Tag {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            buffer: format!("<{name}"),
        }
    }

    /// An attribute; the value is escaped.
    pub(crate) fn attr(mut self, key: &str, value: &str) -> Self {
        let _ = write!(self.buffer, " {key}=\"{}\"", escape(value));
        self
    }

    /// An attribute only when there is a value.
    pub(crate) fn attr_opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.attr(key, value),
            None => self,
        }
    }

    /// A coordinate attribute, rounded by [`px`].
    pub(crate) fn num(mut self, key: &str, value: f64) -> Self {
        let _ = write!(self.buffer, " {key}=\"{}\"", px(value));
        self
    }

    /// `<name …/>`.
    pub(crate) fn close(self) -> String {
        self.buffer + "/>"
    }

    /// `<name …>` (the caller writes the end tag).
    pub(crate) fn open(self) -> String {
        self.buffer + ">"
    }

    /// `<name …>text</name>` with the text escaped.
    pub(crate) fn text(self, text: &str) -> String {
        self.wrap(&escape(text))
    }

    /// `<name …>markup</name>` with markup already written.
    pub(crate) fn wrap(self, markup: &str) -> String {
        format!("{}>{markup}</{}>", self.buffer, self.name)
    }
}

/// `<title>` with escaped text: the tooltip of its parent element.
pub(crate) fn title(text: &str) -> String {
    format!("<title>{}</title>", escape(text))
}

/// Where a text's x sits on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Middle => "middle",
            Self::End => "end",
        }
    }
}

/// A `<text>` element at (x, y) of the given size and anchor, not yet closed.
pub(crate) fn text_tag(x: f64, y: f64, size: f64, anchor: Anchor) -> Tag {
    let tag = Tag::new("text").num("x", x).num("y", y);
    let tag = if (size - TEXT_SIZE).abs() > f64::EPSILON {
        tag.num("font-size", size)
    } else {
        tag
    };
    if anchor == Anchor::Start {
        tag
    } else {
        tag.attr("text-anchor", anchor.name())
    }
}

/// A one-line text.
pub(crate) fn text(x: f64, y: f64, size: f64, anchor: Anchor, content: &str) -> String {
    text_tag(x, y, size, anchor).text(content)
}

/// Lines of text one under the other from baseline `y`, `size * 1.25` apart.
pub(crate) fn lines(x: f64, y: f64, size: f64, anchor: Anchor, lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&text(x, y + i as f64 * size * 1.25, size, anchor, line));
    }
    out
}

/// A white halo around text drawn over colour (`paint-order` puts the stroke under the fill).
pub(crate) fn halo(tag: Tag) -> Tag {
    tag.attr("stroke", "#fff")
        .attr("stroke-width", "3")
        .attr("stroke-linejoin", "round")
        .attr("paint-order", "stroke")
}

/// The estimated width of a text: an average glyph is taken as 0.6 of the font size, wide
/// enough for Latin and Cyrillic in the fonts asked for.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// How many characters fit in `width` px at `size`.
pub(crate) fn chars_in(width: f64, size: f64) -> usize {
    ((width / (size * 0.6)).floor() as usize).max(1)
}

/// Greedy word wrap to lines of at most `max_chars` characters (a longer word gets a line of
/// its own).
pub(crate) fn wrap(text: &str, max_chars: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > max_chars {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// An id fit for `url(#…)`: letters, digits, `-` and `_`; anything else becomes `-`.
pub(crate) fn clean_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "chart".to_owned()
    } else {
        cleaned
    }
}

/// One SVG document: the body is written first, the root element (which needs the final
/// height) when it is finished.
pub(crate) struct Doc {
    /// The cleaned id: prefix of every id inside.
    pub(crate) id: String,
    kind: &'static str,
    role: &'static str,
    title: String,
    description: String,
    /// The drawing.
    pub(crate) body: String,
}

/// Width of every chart's view box; charts scale to their container.
pub(crate) const WIDTH: f64 = 800.0;
/// Left and right margin.
pub(crate) const MARGIN: f64 = 16.0;

impl Doc {
    /// A document of `kind` (`map`, `bars`…) with the frame's title drawn at the top.
    pub(crate) fn new(frame: &Frame, kind: &'static str) -> Self {
        let mut doc = Self {
            id: clean_id(&frame.id),
            kind,
            role: "img",
            title: frame.title.clone(),
            description: frame.description.clone(),
            body: String::new(),
        };
        let tag = text_tag(MARGIN, 26.0, TITLE_SIZE, Anchor::Start).attr("font-weight", "bold");
        doc.body
            .push_str(&tag.attr("class", "chart-title").text(&frame.title));
        doc
    }

    /// Where drawing starts below the title.
    pub(crate) const TOP: f64 = 44.0;

    /// The role of the root element (`group` for a map whose areas take focus).
    pub(crate) fn set_role(&mut self, role: &'static str) {
        self.role = role;
    }

    pub(crate) fn push(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// The hatching patterns: `{id}-hatch` (dark lines, for light fills) and
    /// `{id}-hatch-light` (white lines, for dark fills).
    pub(crate) fn hatch_defs(&mut self) {
        let mut defs = String::from("<defs>");
        for (suffix, colour) in [("hatch", "#000"), ("hatch-light", "#fff")] {
            defs.push_str(
                &Tag::new("pattern")
                    .attr("id", &format!("{}-{suffix}", self.id))
                    .attr("patternUnits", "userSpaceOnUse")
                    .attr("width", "6")
                    .attr("height", "6")
                    .attr("patternTransform", "rotate(45)")
                    .wrap(
                        &Tag::new("line")
                            .attr("x1", "0")
                            .attr("y1", "0")
                            .attr("x2", "0")
                            .attr("y2", "6")
                            .attr("stroke", colour)
                            .attr("stroke-width", "2")
                            .attr("stroke-opacity", "0.7")
                            .close(),
                    ),
            );
        }
        defs.push_str("</defs>");
        self.body.insert_str(0, &defs);
    }

    /// `url(#…)` of the hatching that shows on `fill`.
    pub(crate) fn hatch_url(&self, fill: &str) -> String {
        let suffix = if crate::colour::is_dark(fill) {
            "hatch-light"
        } else {
            "hatch"
        };
        format!("url(#{}-{suffix})", self.id)
    }

    /// The note under the chart, wrapped, from `y`; returns the y below it.
    pub(crate) fn note(&mut self, note: Option<&str>, y: f64) -> f64 {
        let Some(note) = note.filter(|note| !note.trim().is_empty()) else {
            return y;
        };
        let wrapped = wrap(note, chars_in(WIDTH - 2.0 * MARGIN, SMALL_SIZE));
        let first = y + SMALL_SIZE;
        let markup = lines(MARGIN, first, SMALL_SIZE, Anchor::Start, &wrapped);
        self.push(
            &Tag::new("g")
                .attr("class", "note")
                .attr("fill", MUTED)
                .wrap(&markup),
        );
        first + (wrapped.len() as f64 - 1.0) * SMALL_SIZE * 1.25 + 6.0
    }

    /// The finished SVG, `height` px tall.
    pub(crate) fn finish(self, height: f64) -> String {
        let id = &self.id;
        let root = Tag::new("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("viewBox", &format!("0 0 {} {}", px(WIDTH), px(height)))
            .attr("width", "100%")
            .attr("class", &format!("tendik-chart tendik-{}", self.kind))
            .attr("role", self.role)
            .attr("aria-labelledby", &format!("{id}-title {id}-desc"))
            .attr("font-family", FONTS)
            .attr("font-size", &px(TEXT_SIZE))
            .attr("fill", INK);
        let mut out = root.open();
        out.push_str(
            &Tag::new("title")
                .attr("id", &format!("{id}-title"))
                .text(&self.title),
        );
        out.push_str(
            &Tag::new("desc")
                .attr("id", &format!("{id}-desc"))
                .text(&self.description),
        );
        out.push_str(&self.body);
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_round_to_tenths_without_noise() {
        assert_eq!(px(0.1 + 0.2), "0.3");
        assert_eq!(px(12.0), "12");
        assert_eq!(px(-0.04), "0");
        assert_eq!(px(-3.25), "-3.3");
        assert_eq!(px(1234.5678), "1234.6");
    }

    #[test]
    fn escapes_markup_and_keeps_cyrillic() {
        assert_eq!(
            escape("Чуйская <область> & \"Бишкек\" 'x'"),
            "Чуйская &lt;область&gt; &amp; &quot;Бишкек&quot; &#39;x&#39;"
        );
    }

    #[test]
    fn wraps_by_words() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("extraordinarily long", 5), ["extraordinarily", "long"]);
    }
}
