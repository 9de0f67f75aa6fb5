//! Small examples of every chart, in English or Russian, shared by the tests.
//!
//! The figures are made up, shaped like MICS 2018 Kyrgyzstan's: stunting by region, a
//! deprivation count distribution, overlaps and a DTP chain.

#![allow(dead_code, reason = "each test file uses a part of the examples")]

pub(crate) mod xml;

use tendik_geo::{Language, UnitKind, find, region_boundaries};
use tendik_render::{
    Bar, BarSection, Bars, Chain, Choropleth, Column, Distribution, Domain, DomainNames, Equity,
    EquityRow, Figure, Frame, Intersection, Locale, MapArea, NumberFormat, Ramp, Reference,
    Reliability, Scale, Step, Table, TableRow, UpSet, Venn3, VennRegion, VennRegions,
};

/// The locale of a language, its words written here as the caller would.
pub(crate) fn locale(language: Language) -> Locale {
    let number = NumberFormat::of(language);
    match language {
        Language::En => Locale {
            number,
            ci: "95% CI".into(),
            n: "n".into(),
            points: "pp".into(),
            caution: "25–49 unweighted cases: interpret with caution".into(),
            suppressed: "fewer than 25 unweighted cases: not shown".into(),
            unavailable: "no data".into(),
        },
        Language::Ru | Language::Ky => Locale {
            number,
            ci: "95% ДИ".into(),
            n: "n".into(),
            points: "п.п.".into(),
            caution: "25–49 невзвешенных случаев: интерпретировать с осторожностью".into(),
            suppressed: "менее 25 невзвешенных случаев: не показано".into(),
            unavailable: "нет данных".into(),
        },
    }
}

pub(crate) fn frame(id: &str, title: &str, note: Option<&str>) -> Frame {
    Frame {
        id: id.into(),
        title: title.into(),
        description: format!("{title}: example for the tests"),
        note: note.map(Into::into),
    }
}

fn figure(estimate: f64, half_width: f64, n: u64) -> Figure {
    let reliability = match n {
        0..25 => Reliability::Suppressed,
        25..50 => Reliability::Caution,
        _ => Reliability::Reliable,
    };
    Figure::new(
        estimate,
        (estimate - half_width, estimate + half_width),
        n,
        reliability,
    )
}

/// Stunting by region: code, estimate, CI half-width, n. Naryn and Osh City need caution,
/// Talas is suppressed.
pub(crate) const REGIONS: [(&str, f64, f64, u64); 9] = [
    ("KG-Y", 0.109, 0.031, 212),
    ("KG-N", 0.145, 0.062, 41),
    ("KG-O", 0.128, 0.024, 402),
    ("KG-C", 0.071, 0.022, 288),
    ("KG-T", 0.182, 0.090, 19),
    ("KG-J", 0.135, 0.027, 377),
    ("KG-B", 0.205, 0.041, 198),
    ("KG-GB", 0.062, 0.019, 251),
    ("KG-GO", 0.095, 0.048, 33),
];

pub(crate) fn region_figure(code: &str) -> Figure {
    let (_, estimate, half, n) = REGIONS
        .iter()
        .find(|r| r.0 == code)
        .copied()
        .expect("known code");
    figure(estimate, half, n)
}

pub(crate) fn map(language: Language) -> Choropleth<'static> {
    let title = match language {
        Language::En => "Stunting among children under 5, by region",
        _ => "Задержка роста у детей до 5 лет, по регионам",
    };
    let legend = match language {
        Language::En => "Stunted, % of children under 5",
        _ => "Задержка роста, % детей до 5 лет",
    };
    Choropleth {
        frame: frame(
            &format!("map-{}", language.code()),
            title,
            Some("Source: synthetic survey (tests)."),
        ),
        boundaries: region_boundaries(),
        areas: REGIONS
            .iter()
            .map(|&(code, ..)| {
                let unit = find(code).expect("known code");
                MapArea {
                    code: code.into(),
                    name: unit.name(language).into(),
                    // The cities by their full names: Osh City is not Osh Region.
                    label: Some(
                        if unit.kind == UnitKind::City {
                            unit.name(language)
                        } else {
                            unit.short_name(language)
                        }
                        .into(),
                    ),
                    figure: region_figure(code),
                    href: Some(format!("?area={code}&lang={}", language.code())),
                }
            })
            .collect(),
        scale: Scale {
            ramp: Ramp::Viridis,
            breaks: None,
            higher_is_worse: true,
        },
        legend_title: legend.into(),
    }
}

pub(crate) fn bars(language: Language) -> Bars {
    let name = |code: &str| {
        let unit = find(code).expect("known code");
        if unit.kind == UnitKind::City {
            unit.name(language)
        } else {
            unit.short_name(language)
        }
        .to_owned()
    };
    let regions = REGIONS
        .iter()
        .map(|&(code, ..)| Bar {
            label: name(code),
            code: Some(code.into()),
            figure: region_figure(code),
        })
        .collect();
    let (residence, urban, rural, national) = match language {
        Language::En => ("Residence", "Urban", "Rural", "Kyrgyzstan"),
        _ => ("Место проживания", "Город", "Село", "Кыргызстан"),
    };
    Bars {
        frame: frame(
            "bars",
            match language {
                Language::En => "Stunting by region and residence",
                _ => "Задержка роста по регионам и месту проживания",
            },
            None,
        ),
        sections: vec![
            BarSection {
                title: None,
                bars: regions,
            },
            BarSection {
                title: Some(residence.into()),
                bars: vec![
                    Bar {
                        label: urban.into(),
                        code: None,
                        figure: figure(0.081, 0.02, 640),
                    },
                    Bar {
                        label: rural.into(),
                        code: None,
                        figure: figure(0.139, 0.018, 1380),
                    },
                ],
            },
        ],
        reference: Some(Reference {
            label: national.into(),
            value: 0.118,
        }),
    }
}

pub(crate) fn distribution() -> Distribution {
    let columns = [
        ("0", 0.312, 0.025, 820),
        ("1", 0.334, 0.022, 870),
        ("2", 0.221, 0.02, 560),
        ("3", 0.098, 0.015, 240),
        ("4", 0.029, 0.01, 41),
        ("5+", 0.006, 0.004, 12),
    ];
    Distribution {
        frame: frame("distribution", "Children by number of deprivations", None),
        columns: columns
            .iter()
            .map(|&(label, e, h, n)| Column {
                label: label.into(),
                figure: figure(e, h, n),
            })
            .collect(),
        axis_label: "Number of deprivations".into(),
    }
}

fn region(name: &str, estimate: f64, n: u64) -> VennRegion {
    VennRegion {
        name: name.into(),
        figure: figure(estimate, 0.02, n),
    }
}

pub(crate) fn venn() -> Venn3 {
    Venn3 {
        frame: frame(
            "venn",
            "Overlap of deprivations, children under 5",
            Some("Circles are of equal size: their areas are not proportional to the shares."),
        ),
        sets: ["Nutrition".into(), "Health".into(), "Water".into()],
        regions: VennRegions {
            a: region("Nutrition only", 0.081, 300),
            b: region("Health only", 0.142, 520),
            c: region("Water only", 0.064, 230),
            ab: region("Nutrition and health only", 0.037, 140),
            ac: region("Nutrition and water only", 0.018, 44),
            bc: region("Health and water only", 0.046, 170),
            abc: region("All three", 0.011, 20),
        },
        outside: Some(region("None of the three", 0.601, 2100)),
    }
}

pub(crate) fn upset() -> UpSet {
    let sets = ["Nutrition", "Health", "Water", "Sanitation", "Housing"];
    let intersections = [
        (vec![], 0.412, 1500),
        (vec![1], 0.121, 430),
        (vec![3], 0.094, 330),
        (vec![0], 0.066, 240),
        (vec![1, 3], 0.052, 190),
        (vec![2, 3], 0.041, 150),
        (vec![4], 0.038, 140),
        (vec![0, 1], 0.027, 45),
        (vec![1, 2, 3], 0.019, 70),
        (vec![0, 1, 3], 0.009, 14),
    ];
    UpSet {
        frame: frame("upset", "Children by combination of deprivations", None),
        sets: sets.iter().map(|s| (*s).into()).collect(),
        intersections: intersections
            .into_iter()
            .map(|(sets, e, n)| Intersection {
                sets,
                figure: figure(e, 0.015, n),
            })
            .collect(),
        max_bars: None,
        none_label: "None".into(),
    }
}

pub(crate) fn equity() -> Equity {
    let row = |label: &str, values: [(f64, u64); 5]| EquityRow {
        label: label.into(),
        figures: values
            .iter()
            .map(|&(e, n)| Some(figure(e, 0.03, n)))
            .collect(),
        ends: Some((0, 4)),
        gap: None,
    };
    Equity {
        frame: frame("equity", "Deprivation by wealth quintile", None),
        subgroups: ["Poorest", "Second", "Middle", "Fourth", "Richest"]
            .iter()
            .map(|s| (*s).into())
            .collect(),
        rows: vec![
            row(
                "Stunting",
                [
                    (0.162, 400),
                    (0.139, 410),
                    (0.118, 390),
                    (0.094, 380),
                    (0.071, 360),
                ],
            ),
            row(
                "No improved sanitation",
                [
                    (0.612, 400),
                    (0.487, 410),
                    (0.331, 390),
                    (0.214, 380),
                    (0.092, 360),
                ],
            ),
            row(
                "No early learning",
                [
                    (0.781, 150),
                    (0.702, 140),
                    (0.655, 44),
                    (0.588, 130),
                    (0.412, 20),
                ],
            ),
        ],
        gap_title: "Poorest − richest".into(),
    }
}

pub(crate) fn chain() -> Chain {
    let step = |label: &str, domain, figure| Step {
        label: label.into(),
        domain,
        figure,
    };
    let admin = |e: f64| Figure {
        estimate: Some(e),
        ci: None,
        reliability: Reliability::Reliable,
        n: None,
    };
    Chain {
        frame: frame("chain", "DTP vaccination: determinants, Naryn Region", None),
        steps: vec![
            step("Vaccine in stock", Domain::Supply, admin(0.94)),
            step("Facility within 5 km", Domain::Supply, admin(0.81)),
            step("DTP1", Domain::Demand, figure(0.92, 0.03, 240)),
            step("DTP3", Domain::Demand, figure(0.74, 0.05, 238)),
            step("Card seen", Domain::Quality, figure(0.58, 0.08, 44)),
            step("Vaccinated on time", Domain::Quality, figure(0.41, 0.1, 21)),
        ],
        bottleneck: Some(3),
        bottleneck_label: "Bottleneck".into(),
        domains: DomainNames {
            enabling: "Enabling environment".into(),
            supply: "Supply".into(),
            demand: "Demand".into(),
            quality: "Quality".into(),
        },
    }
}

pub(crate) fn table(language: Language) -> Table {
    let rows = REGIONS
        .iter()
        .map(|&(code, ..)| {
            let unit = find(code).expect("known code");
            TableRow {
                label: unit.name(language).into(),
                code: Some(code.into()),
                href: Some(format!("?area={code}")),
                cells: vec![region_figure(code), Figure::unavailable()],
            }
        })
        .collect();
    Table {
        id: Some("table-stunting".into()),
        caption: "Stunting and wasting by region, % of children under 5".into(),
        corner: "Region".into(),
        columns: vec!["Stunting".into(), "Wasting".into()],
        rows,
        show_ci: true,
        note: None,
    }
}
