//! The wealth index, MICS style: tendik-measures' [`WealthIndex`] (the first principal
//! component of household items, standardised and household-weighted; quintiles of the
//! household population, weight × members) on 25 asset and housing indicators of the `hh`
//! file. Built from the variables in the file, never from the model's latent welfare. This
//! module only says which indicators, and reads them from the first pass's compact records.

use tendik_measures::wealth::{Household, Households, Orientation, WealthIndex};

use crate::error::SynthError;
use crate::model::HhRecord;

/// Number of indicators.
pub(crate) const INDICATORS: usize = 25;

/// The indicators, in the order of their bits (the names only appear in messages).
const ITEMS: [&str; INDICATORS] = [
    "HC7A fixed telephone line",
    "HC7B radio",
    "HC9A television",
    "HC9B refrigerator",
    "HC10E car or truck",
    "HC11 computer or tablet",
    "HC12 mobile telephone",
    "HC13 internet access at home",
    "HC15 owns land for agriculture",
    "HC17 owns livestock",
    "WS1 piped into dwelling",
    "WS1 piped to yard or plot",
    "WS1 public tap or standpipe",
    "WS1 unprotected well or spring, surface water, other",
    "WS11 flush to sewer or septic tank",
    "WS11 ventilated pit or pit latrine with slab",
    "WS11 open pit, flush to open drain, no facility, other",
    "HC4 finished floor",
    "HC4 earth or sand floor",
    "HC6 finished walls",
    "EU1 electric, solar, gas stove",
    "EU1 traditional solid fuel stove or open fire",
    "HC3 a sleeping room per two members",
    "HC8 electricity",
    "HW7A bar or liquid soap seen",
];

/// The item whose ownership raises the score: owning a computer or tablet.
const ORIENTATION: usize = 5;

/// The indicators of a household as bits (an answered household only).
pub(crate) fn indicators(hh: &HhRecord) -> u32 {
    let ws1 = hh.ws1 as u32;
    let ws11 = hh.ws11 as u32;
    let bits = [
        hh.assets[0] == 1.0,
        hh.assets[1] == 1.0,
        hh.assets[2] == 1.0,
        hh.assets[3] == 1.0,
        hh.assets[4] == 1.0,
        hh.assets[5] == 1.0,
        hh.assets[6] == 1.0,
        hh.assets[7] == 1.0,
        hh.assets[8] == 1.0,
        hh.assets[9] == 1.0,
        ws1 == 11,
        ws1 == 12,
        ws1 == 14,
        matches!(ws1, 32 | 42 | 81 | 96),
        matches!(ws11, 11 | 12),
        matches!(ws11, 21 | 22),
        matches!(ws11, 23 | 14 | 95 | 96),
        matches!(hh.hc4 as u32, 31 | 33 | 34 | 35),
        hh.hc4 == 11.0,
        matches!(hh.hc6 as u32, 31..=34),
        matches!(hh.eu1 as u32, 1..=4),
        matches!(hh.eu1 as u32, 8 | 9),
        hh.hc3 / hh.hh48 >= 0.5,
        hh.hc8 == 1.0,
        hh.hw7a == "A",
    ];
    bits.iter().enumerate().fold(
        0,
        |mask, (k, bit)| if *bit { mask | (1 << k) } else { mask },
    )
}

/// The indicators as the index's row of 0/1 values.
pub(crate) fn row(mask: u32) -> [f64; INDICATORS] {
    std::array::from_fn(|k| f64::from(mask >> k & 1))
}

/// The answered households of the first pass: `(indicator bits, cluster, members)` and the
/// household weight of each cluster.
struct Answered<'a> {
    households: &'a [(u32, u32, u8)],
    hhweight: &'a [f64],
}

impl Households for Answered<'_> {
    fn items(&self) -> &[&str] {
        &ITEMS
    }

    fn len(&self) -> usize {
        self.households.len()
    }

    fn read(&self, index: usize, values: &mut [f64]) -> Household {
        let (mask, cluster, members) = self.households[index];
        values.copy_from_slice(&row(mask));
        Household {
            weight: self.hhweight[cluster as usize],
            members: f64::from(members),
            area: None,
        }
    }
}

/// Fit the index on the answered households: `(indicator bits, cluster, members)`, with the
/// household weight of each cluster.
pub(crate) fn fit(
    households: &[(u32, u32, u8)],
    hhweight: &[f64],
) -> Result<WealthIndex, SynthError> {
    let answered = Answered {
        households,
        hhweight,
    };
    let orientation = Orientation::RisesWith(ITEMS[ORIENTATION].to_owned());
    Ok(WealthIndex::fit(&answered, &orientation)?)
}
