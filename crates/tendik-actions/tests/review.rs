//! Review of actions against a newer bottleneck analysis, on hand-computed numbers.
//!
//! Each expected figure is worked by hand (and checked with Python's `math.hypot`):
//! `change = now − baseline`; `SE = sqrt(se_baseline² + se_now²)`; interval `change ± 1.959964 SE`.

use tendik_actions::{
    Action, Baseline, Date, NewAction, Outcome, Register, Snapshot, Timestamp, Verdict, review,
};

const CLOSE: f64 = 1e-12;

fn baseline(coverage: f64, se: Option<f64>, step: u32, determinant: &str) -> Baseline {
    Baseline {
        coverage,
        se,
        step,
        determinant: determinant.to_owned(),
        recorded_at: "2025-01-15T08:00:00Z"
            .parse::<Timestamp>()
            .expect("a valid test fixture"),
        source: "round 1".to_owned(),
    }
}

fn new(area: &str, intervention: &str, baseline: Option<Baseline>) -> NewAction {
    let mut new = NewAction::new(
        area,
        intervention,
        "cause",
        "action",
        "owner",
        "2026-06-30".parse::<Date>().expect("a valid test fixture"),
    );
    new.baseline = baseline;
    new
}

fn row(
    area: &str,
    intervention: &str,
    step: u32,
    determinant: &str,
    coverage: Option<f64>,
    se: Option<f64>,
    bottleneck: bool,
) -> Snapshot {
    Snapshot {
        area_code: area.to_owned(),
        intervention: intervention.to_owned(),
        step,
        determinant: determinant.to_owned(),
        coverage,
        se,
        bottleneck,
    }
}

fn close(got: Option<f64>, want: f64) {
    let got = got.expect("a figure");
    assert!((got - want).abs() < CLOSE, "got {got}, want {want}");
}

#[test]
fn changes_their_intervals_and_verdicts() {
    let mut register = Register::open_in_memory().unwrap();
    let specs = [
        (
            "KG-Y",
            "immunisation",
            Some(baseline(0.60, Some(0.02), 2, "supply")),
        ),
        (
            "KG-N",
            "immunisation",
            Some(baseline(0.70, Some(0.01), 2, "supply")),
        ),
        (
            "KG-T",
            "immunisation",
            Some(baseline(0.50, Some(0.04), 3, "demand")),
        ),
        ("KG-C", "wash", Some(baseline(0.40, None, 1, "policy"))),
        (
            "KG-J",
            "immunisation",
            Some(baseline(0.50, Some(0.05), 2, "supply")),
        ),
        (
            "KG-B",
            "immunisation",
            Some(baseline(0.50, Some(0.05), 4, "quality")),
        ),
        ("KG-O", "immunisation", None),
        (
            "KG-GB",
            "immunisation",
            Some(baseline(0.50, Some(0.05), 2, "supply")),
        ),
    ];
    for (area, intervention, baseline) in specs {
        register
            .add(new(area, intervention, baseline), "x")
            .unwrap();
    }
    // A closed action is not reviewed.
    register.close(8, Outcome::Done, "", "x").unwrap();
    let current = [
        row("KG-Y", "immunisation", 1, "policy", Some(0.95), None, false),
        row(
            "KG-Y",
            "immunisation",
            2,
            "supply",
            Some(0.68),
            Some(0.03),
            false,
        ),
        row(
            "KG-Y",
            "immunisation",
            3,
            "demand",
            Some(0.40),
            Some(0.03),
            true,
        ),
        row(
            "KG-N",
            "immunisation",
            2,
            "supply",
            Some(0.60),
            Some(0.02),
            true,
        ),
        row(
            "KG-T",
            "immunisation",
            3,
            "demand (renamed)",
            Some(0.45),
            Some(0.03),
            true,
        ),
        row("KG-C", "wash", 1, "policy", Some(0.42), None, true),
        row("KG-J", "immunisation", 2, "supply", None, None, true),
        row(
            "KG-GB",
            "immunisation",
            2,
            "supply",
            Some(0.9),
            Some(0.01),
            true,
        ),
    ];
    let reviews = register.review(&current).unwrap();
    assert_eq!(
        reviews.iter().map(|r| r.action_id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7]
    );

    // 0.60 (0.02) → 0.68 (0.03): change 0.08, SE sqrt(0.0004 + 0.0009) = 0.036055512754639894,
    // interval [0.009332493556781, 0.150667506443219]: improved; no longer the bottleneck
    // (step 3 is).
    let r = &reviews[0];
    close(r.change, 0.08);
    close(r.change_se, 0.036_055_512_754_639_89);
    close(r.ci_lower, 0.009_332_493_556_781_327);
    close(r.ci_upper, 0.150_667_506_443_218_8);
    assert_eq!(r.verdict, Verdict::Improved);
    assert_eq!(r.still_bottleneck, Some(false));
    assert_eq!(r.bottleneck_step, Some(3));
    assert_eq!(r.bottleneck_determinant.as_deref(), Some("demand"));
    assert!(r.remarks.is_empty(), "{:?}", r.remarks);

    // 0.70 (0.01) → 0.60 (0.02): change −0.10, SE sqrt(0.0005) = 0.022360679774997897,
    // interval [−0.143826127028829, −0.056173872971171]: worsened, still the bottleneck.
    let r = &reviews[1];
    close(r.change, -0.10);
    close(r.change_se, 0.022_360_679_774_997_897);
    close(r.ci_upper, -0.056_173_872_971_170_9);
    assert_eq!(r.verdict, Verdict::Worsened);
    assert_eq!(r.still_bottleneck, Some(true));

    // 0.50 (0.04) → 0.45 (0.03): change −0.05, SE 0.05, interval [−0.147998, 0.047998]:
    // no clear change; the step's determinant was renamed.
    let r = &reviews[2];
    close(r.change_se, 0.05);
    close(r.ci_lower, -0.147_998_199_227_002_7);
    assert_eq!(r.verdict, Verdict::NoClearChange);
    assert_eq!(r.current_determinant.as_deref(), Some("demand (renamed)"));
    assert!(
        r.remarks[0].contains("step 3 is now \"demand (renamed)\""),
        "{:?}",
        r.remarks
    );

    // Administrative figures without SE: 0.40 → 0.42 is an exact change of 0.02.
    let r = &reviews[3];
    close(r.change, 0.02);
    close(r.change_se, 0.0);
    assert_eq!(r.verdict, Verdict::Improved);
    assert_eq!(
        r.remarks,
        ["neither figure has an SE: the change is taken as exact"]
    );

    // Suppressed now: not comparable.
    let r = &reviews[4];
    assert_eq!(r.verdict, Verdict::NotComparable);
    assert_eq!(r.change, None);
    assert_eq!(r.still_bottleneck, Some(true));
    assert!(
        r.remarks[0].contains("no coverage for step 2 now"),
        "{:?}",
        r.remarks
    );

    // The analysis has no such chain.
    let r = &reviews[5];
    assert_eq!(r.verdict, Verdict::NotComparable);
    assert_eq!(r.still_bottleneck, None);
    assert_eq!(
        r.remarks,
        ["the analysis has no step 4 of immunisation in KG-B"]
    );

    // No baseline.
    assert_eq!(reviews[6].verdict, Verdict::NoBaseline);
}

#[test]
fn one_missing_se_counts_as_an_exact_figure() {
    let mut register = Register::open_in_memory().unwrap();
    let action: Action = register
        .add(
            new(
                "KG",
                "immunisation",
                Some(baseline(0.5, Some(0.03), 1, "s")),
            ),
            "x",
        )
        .unwrap();
    let current = [row("KG", "immunisation", 1, "s", Some(0.5), None, true)];
    let reviews = review(&[action], &current);
    close(reviews[0].change, 0.0);
    close(reviews[0].change_se, 0.03);
    assert_eq!(reviews[0].verdict, Verdict::NoClearChange);
    assert_eq!(
        reviews[0].remarks,
        ["the current figure has no SE: it is taken as exact"]
    );
    assert_eq!(
        serde_json::to_value(&reviews[0]).unwrap()["verdict"],
        "no_clear_change"
    );
}
