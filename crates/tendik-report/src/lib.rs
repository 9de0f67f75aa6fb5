//! The offline report of a `tendik analyze` run: one self-contained HTML file (inline SVG
//! from [`tendik_render`], inline CSS, no script, no network) with the headline figures of
//! child deprivation by age group, maps by region, breakdowns, the distribution of the
//! number of deprivations, overlaps, equity gaps and inequality measures, the bottlenecks by
//! area and a methods section generated from the plan — in English, Russian or Kyrgyz
//! ([`tendik_i18n`]).

mod sections;

pub use sections::{bottleneck_figure, domain, figure, region_breakdown, region_unit};

use std::fmt::Write as _;

use tendik_i18n::{FluentValue, Language, Translator};
use tendik_plan::{Analysis, Bottlenecks, Plan};
use tendik_render::{Locale, NumberFormat, escape};

/// What a report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The plan that was run.
    pub plan: &'a Plan,
    /// Where the plan came from (file name or the bundled plan's name).
    pub plan_source: &'a str,
    /// The plan text's SHA-256.
    pub plan_sha256: &'a str,
    /// The analysis.
    pub analysis: &'a Analysis,
    /// The bottleneck table, when the plan has chains.
    pub bottlenecks: Option<&'a Bottlenecks>,
    /// The software that ran it (`tendik 0.1.0`).
    pub software: &'a str,
    /// The date of the run (`2026-12-08`).
    pub date: &'a str,
    /// The language of the report.
    pub language: Language,
}

/// The language's words for the renderer.
#[must_use]
pub fn locale(t: Translator) -> Locale {
    Locale {
        number: NumberFormat::of(t.language()),
        ci: t.t("ci-short"),
        n: "n".to_owned(),
        points: t.t("unit-percentage-points.short"),
        caution: t.t("legend-caution"),
        suppressed: t.t("legend-suppressed"),
        unavailable: t.t("legend-no-data"),
    }
}

/// The report as one HTML document.
#[must_use]
pub fn report_html(input: &ReportInput<'_>) -> String {
    let t = Translator::new(input.language);
    let locale = locale(t);
    let mut body = String::new();
    let mut toc = Vec::new();
    let mut section = |id: &str, title: String, html: String| {
        if html.is_empty() {
            return;
        }
        toc.push((id.to_owned(), title.clone()));
        let _ = write!(
            body,
            "<section id=\"{id}\"><h2>{}</h2>\n{html}</section>\n",
            escape(&title)
        );
    };
    let context = sections::Context::new(input, t, &locale);
    section(
        "headline",
        t.t("report-section-headline"),
        sections::headline(&context),
    );
    section("map", t.t("report-section-map"), sections::maps(&context));
    section(
        "breakdowns",
        t.t("report-section-breakdowns"),
        sections::breakdowns(&context),
    );
    section(
        "distribution",
        t.t("report-section-distribution"),
        sections::distributions(&context),
    );
    section(
        "overlaps",
        t.t("report-section-overlaps"),
        sections::overlaps(&context),
    );
    section(
        "equity",
        t.t("report-section-equity"),
        sections::equity(&context),
    );
    section(
        "bottlenecks",
        t.t("report-section-bottlenecks"),
        sections::bottlenecks(&context),
    );
    section(
        "methods",
        t.t("report-section-methods"),
        sections::methods(&context),
    );
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p class=\"subtitle\">{}</p><p class=\"generated\">{}</p></header>\n<nav><h2>{}</h2><ol>",
        input.language.code(),
        escape(&t.t("report-title")),
        escape(&t.t("report-title")),
        escape(&t.t_with(
            "report-subtitle",
            &[("survey", FluentValue::from(input.plan.plan.name.clone()))]
        )),
        escape(&t.t_with(
            "report-generated",
            &[
                ("version", FluentValue::from(version(input.software))),
                ("date", FluentValue::from(input.date.to_owned())),
            ]
        )),
        escape(&t.t("report-toc")),
    );
    for (id, title) in &toc {
        let _ = write!(html, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
    }
    let _ = write!(
        html,
        "</ol></nav>\n<main>\n{body}</main>\n</body>\n</html>\n"
    );
    html
}

/// `0.1.0` from `tendik 0.1.0` (the messages say "tendik" themselves).
pub(crate) fn version(software: &str) -> String {
    software.trim_start_matches("tendik ").to_owned()
}

/// Print-friendly, system fonts (Cyrillic included), A4 page breaks between sections.
const STYLE: &str = "body{font-family:system-ui,\"Noto Sans\",\"DejaVu Sans\",sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:1.8rem}\
.subtitle{font-size:1.1rem;margin:.2rem 0}.generated{color:#555;font-size:.9rem}\
figure{margin:1.2rem 0}figure svg{width:100%;height:auto}\
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:right;vertical-align:top}\
th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:600;margin-bottom:.3rem}\
td.text,th.text{text-align:left}code{font-size:.85em;word-break:break-all}.note{color:#444;font-size:.9rem}\
@media print{section{break-before:page}nav{break-after:page}body{max-width:none}figure{break-inside:avoid}}\
@page{size:A4;margin:15mm}";
