//! What an indicator's SQL expression refers to, and `label(COL)` rewritten into a `CASE`
//! over the column's value labels, read with the SQL tokenizer the engine parses with (so
//! strings, quoted names and comments are read as the engine reads them).

use std::fmt::Write as _;

use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer, Word};
use tendik_ingest::{LabelValue, Variable};

/// An expression read into tokens.
#[derive(Debug, Clone)]
pub(crate) struct Expression {
    tokens: Vec<Token>,
}

/// A column name in the expression, and whether it is the argument of `label()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) name: String,
    pub(crate) in_label: bool,
}

/// A `label(COL)` compared with text: the column and the texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelUse {
    pub(crate) column: String,
    pub(crate) texts: Vec<String>,
}

impl Expression {
    /// Tokenize `text`; the message when it cannot be (an unclosed quote).
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let tokens = Tokenizer::new(&GenericDialect {}, text)
            .tokenize()
            .map_err(|e| e.to_string())?;
        Ok(Self { tokens })
    }

    /// The significant tokens (no whitespace) with their indices.
    fn significant(&self) -> Vec<(usize, &Token)> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !matches!(t, Token::Whitespace(_)))
            .collect()
    }

    /// The names the expression refers to: words that are not SQL keywords and not
    /// function names (a word followed by `(`), and every quoted name. A keyword that is
    /// also a column of `known` counts as a name.
    pub(crate) fn references(&self, known: &dyn Fn(&str) -> bool) -> Vec<Reference> {
        let tokens = self.significant();
        let mut out: Vec<Reference> = Vec::new();
        for (at, (_, token)) in tokens.iter().enumerate() {
            let Token::Word(word) = token else { continue };
            let next = tokens.get(at + 1).map(|(_, t)| *t);
            let previous = at
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .map(|(_, t)| *t);
            if word.quote_style.is_none() {
                if matches!(next, Some(Token::LParen)) {
                    continue;
                }
                // `x::INT`, `CAST(x AS INT)`: type names.
                if matches!(previous, Some(Token::DoubleColon))
                    || matches!(previous, Some(Token::Word(w)) if w.keyword == Keyword::AS)
                {
                    continue;
                }
                if word.keyword != Keyword::NoKeyword && !known(&word.value) {
                    continue;
                }
            }
            let in_label = at >= 2
                && matches!(tokens[at - 1].1, Token::LParen)
                && matches!(tokens[at - 2].1, Token::Word(w) if is_label(w));
            let reference = Reference {
                name: word.value.clone(),
                in_label,
            };
            if !out.contains(&reference) {
                out.push(reference);
            }
        }
        out
    }

    /// Every `label(COL) = 'text'`, `label(COL) <> 'text'` and `label(COL) [NOT] IN ('a', …)`.
    pub(crate) fn label_uses(&self) -> Vec<LabelUse> {
        let tokens: Vec<&Token> = self.significant().into_iter().map(|(_, t)| t).collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at + 3 < tokens.len() {
            let (Token::Word(function), Token::LParen, Token::Word(column), Token::RParen) =
                (tokens[at], tokens[at + 1], tokens[at + 2], tokens[at + 3])
            else {
                at += 1;
                continue;
            };
            if !is_label(function) {
                at += 1;
                continue;
            }
            let mut texts = Vec::new();
            let mut next = at + 4;
            match tokens.get(next) {
                Some(Token::Eq | Token::Neq) => {
                    if let Some(Token::SingleQuotedString(text)) = tokens.get(next + 1) {
                        texts.push(text.clone());
                    }
                }
                Some(Token::Word(w)) if w.keyword == Keyword::NOT || w.keyword == Keyword::IN => {
                    if w.keyword == Keyword::NOT {
                        next += 1;
                    }
                    if matches!(tokens.get(next), Some(Token::Word(w)) if w.keyword == Keyword::IN)
                        && matches!(tokens.get(next + 1), Some(Token::LParen))
                    {
                        let mut i = next + 2;
                        while let Some(token) = tokens.get(i) {
                            match token {
                                Token::SingleQuotedString(text) => texts.push(text.clone()),
                                Token::Comma => {}
                                _ => break,
                            }
                            i += 1;
                        }
                    }
                }
                _ => {}
            }
            out.push(LabelUse {
                column: column.value.clone(),
                texts,
            });
            at += 4;
        }
        out
    }

    /// The expression with each `label(COL)` replaced by a `CASE` over `COL`'s value
    /// labels (`variable` gives them; unlabelled codes give NULL).
    pub(crate) fn with_labels(&self, variable: &dyn Fn(&str) -> Option<Variable>) -> String {
        let mut out = String::new();
        let mut at = 0;
        while at < self.tokens.len() {
            if let Some((column, end)) = self.label_call(at)
                && let Some(variable) = variable(&column)
            {
                out.push_str(&label_case(&column, &variable));
                at = end;
                continue;
            }
            write_token(&mut out, &self.tokens[at]);
            at += 1;
        }
        out
    }

    /// `label ( COL )` starting at token `at`: the column and the index after `)`.
    fn label_call(&self, at: usize) -> Option<(String, usize)> {
        let Token::Word(function) = &self.tokens[at] else {
            return None;
        };
        if !is_label(function) {
            return None;
        }
        let mut i = at + 1;
        let skip = |i: &mut usize| {
            while matches!(self.tokens.get(*i), Some(Token::Whitespace(_))) {
                *i += 1;
            }
        };
        skip(&mut i);
        if !matches!(self.tokens.get(i), Some(Token::LParen)) {
            return None;
        }
        i += 1;
        skip(&mut i);
        let Some(Token::Word(column)) = self.tokens.get(i) else {
            return None;
        };
        i += 1;
        skip(&mut i);
        if !matches!(self.tokens.get(i), Some(Token::RParen)) {
            return None;
        }
        Some((column.value.clone(), i + 1))
    }
}

fn is_label(word: &Word) -> bool {
    word.quote_style.is_none() && word.value.eq_ignore_ascii_case("label")
}

/// A name as SQL text: quoted, with inner quotes doubled.
pub(crate) fn quote_name(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal as SQL text.
pub(crate) fn quote_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn write_token(out: &mut String, token: &Token) {
    match token {
        Token::Word(word) if word.quote_style.is_some() => out.push_str(&quote_name(&word.value)),
        Token::SingleQuotedString(text) => out.push_str(&quote_text(text)),
        other => out.push_str(&other.to_string()),
    }
}

/// `(CASE "COL" WHEN 1 THEN 'Urban' … END)`; a column without value labels gives NULL.
fn label_case(column: &str, variable: &Variable) -> String {
    let mut out = format!("(CASE {}", quote_name(column));
    let mut any = false;
    for label in &variable.value_labels {
        let code = match &label.value {
            LabelValue::Number(number) if number.is_finite() => format!("{number:?}"),
            LabelValue::Text(text) => quote_text(text.trim_end()),
            _ => continue,
        };
        any = true;
        let _ = write!(out, " WHEN {code} THEN {}", quote_text(label.label.trim()));
    }
    if !any {
        return "CAST(NULL AS VARCHAR)".to_owned();
    }
    out.push_str(" END)");
    out
}

#[cfg(test)]
mod tests {
    use tendik_ingest::ValueLabel;

    use super::*;

    fn water() -> Variable {
        let mut variable = Variable::new("WS1");
        variable.value_labels = vec![
            ValueLabel {
                value: LabelValue::Number(11.0),
                label: "Piped into dwelling".to_owned(),
            },
            ValueLabel {
                value: LabelValue::Number(42.0),
                label: "Unprotected spring".to_owned(),
            },
        ];
        variable
    }

    #[test]
    fn references_skip_keywords_functions_and_types() {
        let e = Expression::parse(
            "CASE WHEN HAZFLAG = 0 AND coalesce(\"Q 1\", 0) > 1 THEN CAST(HAZ2 AS DOUBLE) < -2 END",
        )
        .expect("ok");
        let names: Vec<String> = e
            .references(&|_| false)
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["HAZFLAG", "Q 1", "HAZ2"]);
    }

    #[test]
    fn a_keyword_that_is_a_column_is_a_reference() {
        let e = Expression::parse("level = 1").expect("ok");
        assert!(e.references(&|_| false).is_empty());
        let names: Vec<String> = e
            .references(&|n| n == "level")
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["level"]);
    }

    #[test]
    fn label_becomes_a_case_and_its_texts_are_found() {
        let e = Expression::parse(
            "label(WS1) IN ('Unprotected spring', 'It''s') OR label( WS1 ) = 'x'",
        )
        .expect("ok");
        let uses = e.label_uses();
        assert_eq!(uses.len(), 2);
        assert_eq!(uses[0].texts, ["Unprotected spring", "It's"]);
        assert_eq!(uses[1].texts, ["x"]);
        let refs = e.references(&|_| false);
        assert!(refs.iter().all(|r| r.name == "WS1" && r.in_label));
        let text = e.with_labels(&|_| Some(water()));
        assert_eq!(
            text,
            "(CASE \"WS1\" WHEN 11.0 THEN 'Piped into dwelling' WHEN 42.0 THEN 'Unprotected spring' END) IN ('Unprotected spring', 'It''s') OR (CASE \"WS1\" WHEN 11.0 THEN 'Piped into dwelling' WHEN 42.0 THEN 'Unprotected spring' END) = 'x'"
        );
    }
}
