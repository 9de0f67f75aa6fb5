//! The one renderer of tendik's report and dashboard: figures in, SVG and HTML strings out.
//!
//! Every function is pure: the same input gives the same bytes, nothing is fetched, nothing
//! is printed, and the output carries no script (the dashboard adds interaction through the
//! `class` and `data-*` attributes documented on each function).
//!
//! | function | draws |
//! |---|---|
//! | [`choropleth`] | a map of areas (the bundled oblasts or a user's rayons), Osh City as a marker |
//! | [`bar_chart`] | horizontal bars by group with CI whiskers and the national line |
//! | [`distribution`] | the share of children by number of deprivations |
//! | [`venn3`], [`upset`] | overlaps of three sets, of more |
//! | [`equity`] | each subgroup on one axis, HEAT-style, with the gap between two ends |
//! | [`determinants`] | a bottleneck chain with the bottleneck marked |
//! | [`table`] | an HTML table with MICS's marks |
//!
//! # Figures and marks
//! A [`Figure`] is a proportion with its 95% CI, unweighted n and [`Reliability`]. As in MICS
//! reports, a figure needing caution (25–49 cases) is written in parentheses and hatched;
//! a suppressed one (fewer than 25) is written `*` and its number appears nowhere in the
//! output, not even in an attribute; an unavailable one is `–` (grey on maps). Every tooltip
//! gives the CI: `Naryn Region: 23.4% (95% CI 20.1–26.8), n = 312`.
//!
//! # Language
//! The renderer translates nothing: titles, labels and legends come in the input in the
//! chosen language, and the few words it composes itself (`95% CI`, `n`, `pp`, what the
//! marks mean) and the decimal separator come in a [`Locale`]. All text is XML-escaped;
//! fonts are system fonts that render Cyrillic.
//!
//! # SVG
//! Each chart is one `<svg>` with a `viewBox`, `width="100%"`, `role="img"` (`group` for the
//! map, whose areas take keyboard focus), a `<title>` and a `<desc>`; ids inside start with
//! the [`Frame`]'s id so several charts can share a page. Coordinates are rounded to 0.1 px.
//! Colours are viridis or cividis for maps and Okabe–Ito for groups: readable in grey print
//! and by colour-blind readers.
//!
//! ```
//! use tendik_render::{Figure, Locale, NumberFormat, Reliability, Table, TableRow, table};
//!
//! let locale = Locale {
//!     number: NumberFormat::RU,
//!     ci: "95% ДИ".into(),
//!     n: "n".into(),
//!     points: "п.п.".into(),
//!     caution: "25–49 невзвешенных случаев".into(),
//!     suppressed: "менее 25 невзвешенных случаев".into(),
//!     unavailable: "нет данных".into(),
//! };
//! let naryn = Figure::new(0.145, (0.083, 0.207), 41, Reliability::Caution);
//! let html = table(
//!     &Table {
//!         id: None,
//!         caption: "Задержка роста, %".into(),
//!         corner: "Регион".into(),
//!         columns: vec!["Задержка роста".into()],
//!         rows: vec![TableRow {
//!             label: "Нарынская область".into(),
//!             code: Some("KG-N".into()),
//!             href: None,
//!             cells: vec![naryn],
//!         }],
//!         show_ci: false,
//!         note: None,
//!     },
//!     &locale,
//! );
//! assert!(html.contains(">(14,5)</td>"));
//! assert!(html.contains("<tfoot><tr><td colspan=\"2\">( ) 25–49 невзвешенных случаев</td>"));
//! ```

mod bars;
mod chain;
mod colour;
mod equity;
mod figure;
mod legend;
mod map;
mod marks;
mod place;
mod sets;
mod svg;
mod table;

pub use bars::{Bar, BarSection, Bars, Column, Distribution, Reference, bar_chart, distribution};
pub use chain::{Chain, Domain, DomainNames, Step, determinants};
pub use colour::{Classes, Ramp, Scale, nice_breaks};
pub use equity::{Equity, EquityRow, equity};
pub use figure::{Figure, Frame, Locale, NumberFormat, Reliability};
pub use map::{Choropleth, MapArea, choropleth};
pub use sets::{Intersection, UpSet, Venn3, VennRegion, VennRegions, upset, venn3};
pub use svg::escape;
pub use table::{Table, TableRow, table};
