//! Survey items added in model revision 7 for the bottleneck analysis: BR3 (knows how to
//! register a birth), the breastfeeding and dietary intake items BD2, BD3, BD7A–BD7X,
//! BD8A–BD8X (children under 2) and the monthly benefit for poor families with children,
//! ST1–ST3 (households).
//!
//! Every one of them draws from the household's own stream ([`stream`], a [`Rng::keyed`]
//! stream of the seed, HH1 and HH2), never from the cluster streams the older items use, so
//! that every older variable keeps its value for a seed. They read the household's latent
//! welfare, area, children and consumption, and the district's supply level
//! ([`crate::admin::supply_effect`], which also drives the administrative data), so that
//! the survey and the administrative file agree as they do in life.
//!
//! Names and codes: BR3 and every BD name are those of a MICS6 children-under-5 dictionary
//! (the Tunisia MICS6 `ch` dictionary, `MYCH.SPS` in RMinto/UNICEF-MICS: BR3 "Know how to
//! register birth"; BD2 ever breastfed; BD3 still breastfed; BD7A plain water, BD7B juice,
//! BD7C clear broth, BD7D infant formula, BD7E milk, BD7X other liquid; BD8A yogurt, BD8B
//! fortified baby food, BD8C grains … BD8N cheese, BD8X other solid food), with its codes
//! (1 yes, 2 no, 8 DK). BD8G's fruit examples (apricots, persimmons) are tendik's country
//! adaptation of the dictionary's "mangoes, papayas"; the counts BD7D1, BD7E1, BD8A1, BD9 and
//! the items BD4–BD6 (bottle, ORS, supplements) are not written. ST1–ST3 are tendik's
//! assumption: country-added questions in the style of the MICS6 social-transfer (ST)
//! module about Kyrgyzstan's monthly benefit for poor families with children (үй-бүлөгө
//! көмөк, UBK); no MICS dictionary was checked for them.
//!
//! Levels (assumptions, roughly those of MICS 2018 in Kyrgyzstan): about 46 % of infants
//! 0–5 months exclusively breastfed, about 80 % of children 12–15 months still breastfed,
//! both a little higher in poorer and rural households; among the poorest fifth of
//! households with children about 45 % know the benefit and about a fifth receive it,
//! almost none of the richest.

use crate::codebook::NA;
use crate::model::{ChRecord, HhRecord, POVERTY_LINE, Skeleton};
use crate::rng::{Rng, logistic};

/// The purpose key of the household streams ([`Rng::keyed`]).
const HOUSEHOLD_ITEMS: u64 = 0x6864_5f69_7465_6d37;

/// The stream of household `hh2` in cluster `hh1` for the items of this module.
pub(crate) fn stream(seed: u64, hh1: u32, hh2: u32) -> Rng {
    Rng::keyed(
        seed,
        HOUSEHOLD_ITEMS,
        (u64::from(hh1) << 32) | u64::from(hh2),
    )
}

/// MDD food groups (WHO 2021, as MICS6 tabulates minimum dietary diversity): 1 breast milk
/// (from BD3), 2 grains, roots and tubers, 3 legumes and nuts, 4 dairy, 5 flesh foods,
/// 6 eggs, 7 vitamin A-rich fruits and vegetables, 8 other fruits and vegetables; 0 counts in
/// none.
const NO_GROUP: u8 = 0;

/// The 24-hour recall items, in file order: name, label, MDD food group, a food (BD8) rather
/// than a liquid (BD7), log-odds of "yes" for a child of 12 months at mean welfare, and the
/// slope on the child's diet quality.
pub(crate) const DIET: [(&str, &str, u8, bool, f64, f64); 21] = [
    (
        "BD7A",
        "Child drank plain water yesterday",
        NO_GROUP,
        false,
        2.2,
        0.2,
    ),
    (
        "BD7B",
        "Child drank juice or juice drinks yesterday",
        NO_GROUP,
        false,
        -0.6,
        0.6,
    ),
    (
        "BD7C",
        "Child drank clear broth / watery soup yesterday",
        NO_GROUP,
        false,
        0.4,
        0.3,
    ),
    (
        "BD7D",
        "Child drank infant formula yesterday",
        4,
        false,
        -1.8,
        0.9,
    ),
    ("BD7E", "Child drank milk yesterday", 4, false, 0.0, 0.6),
    (
        "BD7X",
        "Child drank any other liquid yesterday",
        NO_GROUP,
        false,
        0.2,
        0.1,
    ),
    (
        "BD8A",
        "Child drank or ate yogurt yesterday",
        4,
        true,
        -0.6,
        0.6,
    ),
    (
        "BD8B",
        "Child ate fortified baby food yesterday",
        2,
        true,
        -1.4,
        0.9,
    ),
    (
        "BD8C",
        "Child ate foods made from grains yesterday",
        2,
        true,
        1.8,
        0.5,
    ),
    (
        "BD8D",
        "Child ate pumpkin, carrots, squash etc. yesterday",
        7,
        true,
        -0.8,
        0.7,
    ),
    (
        "BD8E",
        "Child ate white potatoes or other roots and tubers yesterday",
        2,
        true,
        0.2,
        0.4,
    ),
    (
        "BD8F",
        "Child ate green leafy vegetables yesterday",
        7,
        true,
        -1.6,
        0.6,
    ),
    (
        "BD8G",
        "Child ate ripe apricots, persimmons or other vitamin A-rich fruits yesterday",
        7,
        true,
        -1.5,
        0.7,
    ),
    (
        "BD8H",
        "Child ate other fruits or vegetables yesterday",
        8,
        true,
        0.3,
        0.8,
    ),
    (
        "BD8I",
        "Child ate liver, kidney, heart or other organ meat yesterday",
        5,
        true,
        -2.8,
        0.5,
    ),
    (
        "BD8J",
        "Child ate meat, such as beef, lamb, chicken yesterday",
        5,
        true,
        -0.3,
        0.9,
    ),
    ("BD8K", "Child ate eggs yesterday", 6, true, -0.6, 0.7),
    (
        "BD8L",
        "Child ate fresh or dried fish or shellfish yesterday",
        5,
        true,
        -3.2,
        0.6,
    ),
    (
        "BD8M",
        "Child ate beans, peas, lentils or nuts or any food made from these yesterday",
        3,
        true,
        -2.0,
        0.5,
    ),
    (
        "BD8N",
        "Child ate cheese or other food made from milk yesterday",
        4,
        true,
        -1.0,
        0.6,
    ),
    (
        "BD8X",
        "Child ate other solid, semi-solid or soft food yesterday",
        NO_GROUP,
        true,
        -2.0,
        0.3,
    ),
];

/// Index of an item in [`DIET`].
fn item(name: &str) -> usize {
    DIET.iter()
        .position(|d| d.0 == name)
        .expect("the item is in the DIET table")
}

/// The ST items (name, label).
pub(crate) const BENEFIT: [(&str, &str); 3] = [
    (
        "ST1",
        "Heard of the monthly benefit for poor families with children (UBK)",
    ),
    (
        "ST2",
        "Applied for the monthly benefit for poor families with children, last 12 months",
    ),
    (
        "ST3",
        "Received the monthly benefit for poor families with children, last 3 months",
    ),
];

/// ST1–ST3 probabilities of a household: heard of the benefit; applied, having heard; and
/// received, having applied. `log_ratio` is the log of consumption per head over the
/// poverty line, `welfare` the household's latent welfare, `children` the members under 18,
/// `supply` the district's supply effect. The benefit goes to families with children only;
/// its test of need reads consumption and, as a proxy means test does, assets (welfare).
pub(crate) fn benefit_chances(
    log_ratio: f64,
    welfare: f64,
    children: usize,
    supply: f64,
) -> [f64; 3] {
    let need = -0.6 * log_ratio - 0.6 * welfare;
    if children == 0 {
        return [logistic(-2.5 + 0.8 * need + 0.3 * supply), 0.02, 0.0];
    }
    let children = children.min(6) as f64;
    [
        logistic(-1.3 + 1.0 * need + 0.15 * children + 0.4 * supply),
        logistic(-0.8 + 2.0 * need + 0.1 * children),
        logistic(-0.5 + 2.0 * need + 0.5 * supply),
    ]
}

/// The chance that a household receives the benefit (ST3 = 1).
pub(crate) fn benefit_receipt(log_ratio: f64, welfare: f64, children: usize, supply: f64) -> f64 {
    let [heard, applied, received] = benefit_chances(log_ratio, welfare, children, supply);
    heard * applied * received
}

/// Members under 18.
pub(crate) fn children(skeleton: &Skeleton) -> usize {
    skeleton.members.iter().filter(|m| m.age() < 18).count()
}

fn yes_no(yes: bool) -> f64 {
    if yes { 1.0 } else { 2.0 }
}

/// A yes/no answer with a small chance of DK (8).
fn answer(rng: &mut Rng, p: f64, dk: f64) -> f64 {
    if rng.chance(dk) {
        8.0
    } else {
        yes_no(rng.chance(p))
    }
}

/// Fill the items of this module into the records of an answered household: `hh`, and
/// `children_records`, its under-5 records as the older items left them. `supply` is the
/// district's supply effect.
pub(crate) fn fill(
    rng: &mut Rng,
    skeleton: &Skeleton,
    supply: f64,
    hh: &mut HhRecord,
    children_records: &mut [ChRecord],
) {
    // ST1–ST3, asked of every household.
    let log_ratio = (hh.pccons / POVERTY_LINE).ln();
    let [heard, applied, received] =
        benefit_chances(log_ratio, skeleton.welfare, children(skeleton), supply);
    hh.st = [NA; 3];
    hh.st[0] = yes_no(rng.chance(heard));
    if hh.st[0] == 1.0 {
        hh.st[1] = yes_no(rng.chance(applied));
        if hh.st[1] == 1.0 {
            hh.st[2] = yes_no(rng.chance(received));
        }
    }
    for record in children_records {
        child(rng, skeleton, supply, record);
    }
}

/// Items of one child under 5.
fn child(rng: &mut Rng, skeleton: &Skeleton, supply: f64, record: &mut ChRecord) {
    record.br3 = NA;
    record.bd2 = NA;
    record.bd3 = NA;
    record.diet = [NA; DIET.len()];
    if record.uf17 != 1 {
        return;
    }
    let w = skeleton.welfare;
    let rural = if skeleton.urban { 0.0 } else { 1.0 };
    // BR3: asked when the birth is not registered (no certificate, BR2 not yes).
    if record.br1 != 1.0 && record.br1 != 2.0 && record.br2 != 1.0 {
        record.br3 = answer(
            rng,
            logistic(0.3 + 0.7 * w - 0.5 * rural + 0.5 * supply),
            0.03,
        );
    }
    if record.cage < 24.0 {
        feeding(rng, record, w, rural, supply);
    }
}

/// BD2, BD3 and the 24-hour recall of a child 0–23 months.
fn feeding(rng: &mut Rng, record: &mut ChRecord, w: f64, rural: f64, supply: f64) {
    let months = record.cage;
    record.bd2 = answer(rng, 0.975, 0.003);
    record.bd3 = NA;
    let breastfed = if record.bd2 == 1.0 {
        let still = logistic(4.1 - 0.17 * months - 0.3 * w + 0.35 * rural);
        record.bd3 = answer(rng, still, 0.002);
        record.bd3 == 1.0
    } else {
        false
    };
    let mut diet = [2.0; DIET.len()];
    if months < 6.0 {
        // Exclusive breastfeeding falls with age; counselling (the district's supply) helps.
        let exclusive = breastfed
            && rng.chance(logistic(
                1.2 - 0.45 * months - 0.15 * w + 0.2 * rural + 0.3 * supply,
            ));
        if !exclusive {
            let liquids: [(&str, f64); 6] = [
                ("BD7A", 0.7),
                ("BD7X", 0.3),
                (
                    "BD7D",
                    if breastfed { 0.2 } else { 0.75 } + 0.1 * w.clamp(-1.0, 1.0),
                ),
                ("BD7E", if breastfed { 0.12 } else { 0.4 }),
                ("BD7B", 0.05),
                ("BD7C", 0.05),
            ];
            for (name, p) in liquids {
                diet[item(name)] = yes_no(rng.chance(p));
            }
            if months >= 4.0 {
                for (name, p) in [("BD8C", 0.3), ("BD8B", 0.15), ("BD8A", 0.05)] {
                    diet[item(name)] = yes_no(rng.chance(p));
                }
            }
            // Not exclusively breastfed: something else was given.
            if diet.iter().all(|d| *d == 2.0) {
                diet[item(if breastfed { "BD7A" } else { "BD7D" })] = 1.0;
            }
        }
    } else {
        // Solid, semi-solid or soft foods are introduced from about 6 months; every child of
        // 9 months or more has some.
        let solids = months >= 9.0 || rng.chance(logistic(1.5 + 0.6 * (months - 6.0)));
        let quality = 0.5 * w + 0.06 * (months - 12.0) + 0.2 * supply + 0.8 * rng.normal();
        for (slot, (_, _, _, food, base, slope)) in diet.iter_mut().zip(DIET) {
            if food && !solids {
                continue;
            }
            *slot = yes_no(rng.chance(logistic(base + slope * quality)));
        }
        if solids && DIET.iter().zip(&diet).all(|(d, a)| !d.3 || *a == 2.0) {
            diet[item("BD8C")] = 1.0;
        }
        // Children no longer breastfed drink more milk.
        if !breastfed && diet[item("BD7E")] == 2.0 && diet[item("BD7D")] == 2.0 {
            diet[item("BD7E")] = yes_no(rng.chance(0.6));
        }
    }
    for slot in &mut diet {
        if rng.chance(0.002) {
            *slot = 8.0;
        }
    }
    record.diet = diet;
}

/// The number of MDD food groups (of 8) a child's answers show, breast milk included.
#[cfg(test)]
pub(crate) fn food_groups(bd3: f64, diet: &[f64; DIET.len()]) -> usize {
    let mut groups = [false; 9];
    groups[1] = bd3 == 1.0;
    for ((_, _, group, ..), answer) in DIET.iter().zip(diet) {
        if *answer == 1.0 {
            groups[usize::from(*group)] = true;
        }
    }
    groups[1..].iter().filter(|g| **g).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child_record(months: f64) -> ChRecord {
        ChRecord {
            uf17: 1,
            cage: months,
            br1: 1.0,
            br2: NA,
            ..ChRecord::default()
        }
    }

    #[test]
    fn feeding_answers_follow_the_questionnaire() {
        let mut rng = Rng::keyed(1, HOUSEHOLD_ITEMS, 1);
        let (mut diverse, mut older) = (0_u32, 0_u32);
        for k in 0..4000 {
            let months = f64::from(k % 24);
            let mut record = child_record(months);
            let welfare = rng.normal();
            feeding(&mut rng, &mut record, welfare, f64::from(k % 2), 0.0);
            assert!([1.0, 2.0, 8.0].contains(&record.bd2));
            assert_eq!(record.bd3.is_nan(), record.bd2 != 1.0);
            let exclusive = record.bd3 == 1.0 && record.diet.iter().all(|d| *d == 2.0);
            assert!(!exclusive || months < 9.0, "exclusive at {months} months");
            if months < 6.0 && record.bd3 != 1.0 {
                // Not breastfed: something else, unless a DK hides it.
                assert!(record.diet.iter().any(|d| *d != 2.0));
            }
            if months >= 6.0 {
                older += 1;
                diverse += u32::from(food_groups(record.bd3, &record.diet) >= 5);
            }
        }
        let share = f64::from(diverse) / f64::from(older);
        assert!(
            (0.35..0.8).contains(&share),
            "minimum dietary diversity {share}"
        );
    }

    #[test]
    fn the_benefit_goes_to_poor_families_with_children() {
        let poor = benefit_receipt(-0.5, -1.0, 3, 0.0);
        let rich = benefit_receipt(1.0, 1.5, 2, 0.0);
        assert!(poor > 0.3 && rich < 0.01, "{poor} {rich}");
        assert_eq!(benefit_receipt(-0.5, -1.0, 0, 0.0), 0.0);
        assert!(benefit_receipt(-0.5, -1.0, 3, 0.5) > poor);
    }
}
