//! The determinants chart of a bottleneck chain: one column per step, coloured by domain,
//! the drop between steps written above, the bottleneck outlined.

use crate::figure::{Figure, Frame, Locale};
use crate::legend::{self, Key};
use crate::marks::{PLOT_HEIGHT, bar_rect, whisker_v, y_axis};
use crate::svg::{
    Anchor, Doc, INK, MARGIN, MUTED, SMALL_SIZE, Tag, WIDTH, chars_in, lines, text, title, wrap,
};

/// The domain of a determinant (UNICEF's determinant framework).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    /// Enabling environment: norms, legislation, budget, management.
    Enabling,
    /// Supply: availability of commodities and staff, access.
    Supply,
    /// Demand: financial access, practices, continuity of use.
    Demand,
    /// Quality.
    Quality,
}

impl Domain {
    /// The domain's colour (Okabe–Ito: orange, sky blue, bluish green, reddish purple).
    fn colour(self) -> &'static str {
        match self {
            Self::Enabling => "#e69f00",
            Self::Supply => "#56b4e9",
            Self::Demand => "#009e73",
            Self::Quality => "#cc79a7",
        }
    }
}

/// The names of the domains in the chosen language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainNames {
    /// `Enabling environment`.
    pub enabling: String,
    /// `Supply`.
    pub supply: String,
    /// `Demand`.
    pub demand: String,
    /// `Quality`.
    pub quality: String,
}

impl DomainNames {
    fn of(&self, domain: Domain) -> &str {
        match domain {
            Domain::Enabling => &self.enabling,
            Domain::Supply => &self.supply,
            Domain::Demand => &self.demand,
            Domain::Quality => &self.quality,
        }
    }
}

/// One step of the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The determinant (`Children 12–23 months with DTP1`).
    pub label: String,
    /// Its domain.
    pub domain: Domain,
    /// Its coverage; survey steps carry a CI (drawn as a whisker), administrative ones not.
    pub figure: Figure,
}

/// A bottleneck chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The steps in chain order.
    pub steps: Vec<Step>,
    /// The bottleneck step (the largest drop), as computed by the analysis.
    pub bottleneck: Option<usize>,
    /// The label over the bottleneck (`Bottleneck`).
    pub bottleneck_label: String,
    /// The domains' names.
    pub domains: DomainNames,
}

/// The determinants chart: each step a `<g class="step">` (with `data-domain`) holding its
/// tooltip, column (hatched with caution, `*` when suppressed), whisker and value; the drop
/// into each step (from 100% for the first) written above between the columns; exactly one
/// `<rect class="bottleneck">` around the bottleneck's column with its label, and its drop
/// in bold.
#[must_use]
pub fn determinants(chain: &Chain, locale: &Locale) -> String {
    let mut doc = Doc::new(&chain.frame, "determinants");
    doc.hatch_defs();
    let (left, right) = (MARGIN + 44.0, WIDTH - MARGIN);
    let (top, bottom) = (Doc::TOP + 40.0, Doc::TOP + 40.0 + PLOT_HEIGHT);
    let scale = |v: f64| bottom - v.clamp(0.0, 1.0) * (bottom - top);
    doc.push(&y_axis(left, right, top, bottom, (1.0, 0.2), locale));
    let count = chain.steps.len().max(1) as f64;
    let slot = (right - left) / count;
    let width = (slot * 0.5).min(72.0);
    let bottleneck = chain.bottleneck.filter(|&b| b < chain.steps.len());
    let mut below = bottom;
    for (i, step) in chain.steps.iter().enumerate() {
        let centre = left + slot * (i as f64 + 0.5);
        let colour = step.domain.colour();
        let domain = chain.domains.of(step.domain);
        let mut group = title(&format!(
            "{} ({domain})",
            locale.tooltip(&step.label, &step.figure)
        ));
        let mut label_y = bottom - 6.0;
        if let Some(value) = step.figure.shown() {
            group.push_str(&bar_rect(
                &doc,
                (
                    centre - width / 2.0,
                    scale(value),
                    width,
                    bottom - scale(value),
                ),
                colour,
                &step.figure,
            ));
            label_y = scale(value) - 6.0;
            if let Some((low, high)) = step.figure.shown_ci() {
                group.push_str(&whisker_v(centre, scale(low), scale(high)));
                label_y = label_y.min(scale(high) - 6.0);
            }
        }
        let value = text(
            centre,
            label_y,
            SMALL_SIZE,
            Anchor::Middle,
            &locale.label(&step.figure),
        );
        group.push_str(&Tag::new("g").attr("font-weight", "bold").wrap(&value));
        let name = wrap(&step.label, chars_in(slot - 6.0, SMALL_SIZE));
        group.push_str(&lines(
            centre,
            bottom + 15.0,
            SMALL_SIZE,
            Anchor::Middle,
            &name,
        ));
        let domain_y = bottom + 15.0 + name.len() as f64 * 13.75 + 2.0;
        let domain_lines = wrap(domain, chars_in(slot - 6.0, SMALL_SIZE - 1.0));
        let domain_text = lines(
            centre,
            domain_y,
            SMALL_SIZE - 1.0,
            Anchor::Middle,
            &domain_lines,
        );
        group.push_str(
            &Tag::new("g")
                .attr("fill", MUTED)
                .attr("font-style", "italic")
                .wrap(&domain_text),
        );
        below = below.max(domain_y + domain_lines.len() as f64 * 12.5);
        let shown = step.figure.shown().map(|v| v.to_string());
        let tag = Tag::new("g")
            .attr("class", "step")
            .attr("data-step", &i.to_string());
        let tag = tag
            .attr("data-domain", domain_key(step.domain))
            .attr_opt("data-value", shown.as_deref());
        doc.push(&tag.wrap(&group));
        if let Some(drop) = drop_into(chain, i) {
            let x = centre - slot / 2.0;
            let tag = crate::svg::text_tag(x.max(left), top - 8.0, SMALL_SIZE, Anchor::Middle)
                .attr("class", "drop");
            let tag = if bottleneck == Some(i) {
                tag.attr("font-weight", "bold")
            } else {
                tag.attr("fill", MUTED)
            };
            doc.push(&tag.text(&locale.points(-drop)));
        }
    }
    if let Some(b) = bottleneck {
        let centre = left + slot * (b as f64 + 0.5);
        let half = (width / 2.0 + 8.0).min(slot / 2.0 - 1.0);
        let outline = Tag::new("rect")
            .attr("class", "bottleneck")
            .num("x", centre - half)
            .num("y", top - 2.0);
        let outline = outline
            .num("width", 2.0 * half)
            .num("height", bottom - top + 4.0)
            .attr("rx", "3");
        doc.push(
            &outline
                .attr("fill", "none")
                .attr("stroke", INK)
                .attr("stroke-width", "2")
                .attr("stroke-dasharray", "6 3")
                .close(),
        );
        let label = Tag::new("text")
            .attr("class", "bottleneck-label")
            .num("x", centre)
            .num("y", top - 24.0);
        doc.push(
            &label
                .attr("text-anchor", "middle")
                .attr("font-weight", "bold")
                .text(&chain.bottleneck_label),
        );
    }
    let mut keys: Vec<(Key, String)> = Vec::new();
    for domain in [
        Domain::Enabling,
        Domain::Supply,
        Domain::Demand,
        Domain::Quality,
    ] {
        if chain.steps.iter().any(|s| s.domain == domain) {
            keys.push((
                Key::Swatch(domain.colour()),
                chain.domains.of(domain).to_owned(),
            ));
        }
    }
    if chain.steps.iter().any(|s| s.figure.shown_ci().is_some()) {
        keys.push((Key::Whisker, locale.ci.clone()));
    }
    keys.extend(legend::mark_keys(
        chain.steps.iter().map(|s| &s.figure),
        Domain::Supply.colour(),
        locale,
    ));
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, below + 8.0);
    let y = doc.note(chain.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}

/// The drop into step `i`: the previous step's shown coverage (100% before the first) minus
/// this one's.
fn drop_into(chain: &Chain, i: usize) -> Option<f64> {
    let previous = if i == 0 {
        1.0
    } else {
        chain.steps[i - 1].figure.shown()?
    };
    Some(previous - chain.steps[i].figure.shown()?)
}

fn domain_key(domain: Domain) -> &'static str {
    match domain {
        Domain::Enabling => "enabling",
        Domain::Supply => "supply",
        Domain::Demand => "demand",
        Domain::Quality => "quality",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_need_both_figures() {
        let step = |v: Option<f64>| Step {
            label: String::new(),
            domain: Domain::Supply,
            figure: Figure {
                estimate: v,
                ci: None,
                reliability: crate::Reliability::Reliable,
                n: None,
            },
        };
        let names = DomainNames {
            enabling: String::new(),
            supply: String::new(),
            demand: String::new(),
            quality: String::new(),
        };
        let chain = Chain {
            frame: Frame {
                id: String::new(),
                title: String::new(),
                description: String::new(),
                note: None,
            },
            steps: vec![step(Some(0.9)), step(None), step(Some(0.5))],
            bottleneck: None,
            bottleneck_label: String::new(),
            domains: names,
        };
        assert!((drop_into(&chain, 0).unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(drop_into(&chain, 1), None);
        assert_eq!(drop_into(&chain, 2), None);
    }
}
