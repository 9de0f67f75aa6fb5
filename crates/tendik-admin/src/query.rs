//! Questions asked of the data: which elements and periods it has, and totals by area with
//! roll-up from districts to regions to the country.

use std::collections::{BTreeMap, BTreeSet};

use tendik_geo::Unit;

use crate::AdminData;

/// The total of one data element over some periods for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The sum over category option combinations, periods and (when rolled up) units; `None`
    /// when no unit had a value.
    pub value: Option<f64>,
    /// How many units' own values make up the total: 1 when the area reported for itself.
    pub reported_units: usize,
    /// The units below the area that have no value, and no unit below them has one: the
    /// districts (or cities of republican significance, which have none below them) that a
    /// roll-up missed. Empty when the area reported for itself; the area itself when it is a
    /// district without values.
    pub missing_units: Vec<&'static Unit>,
}

/// Values of one data element for one period outside a plan's periods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutsidePeriod<'a> {
    /// The data element.
    pub element: &'a str,
    /// The period.
    pub period: &'a str,
    /// How many values it has.
    pub count: usize,
}

impl AdminData {
    /// The data elements that have values, sorted.
    #[must_use]
    pub fn elements(&self) -> BTreeSet<&str> {
        self.values
            .iter()
            .map(|value| value.element.as_str())
            .collect()
    }

    /// The periods that have values, sorted as text.
    #[must_use]
    pub fn periods(&self) -> BTreeSet<&str> {
        self.values
            .iter()
            .map(|value| value.period.as_str())
            .collect()
    }

    /// The total of `element` over `periods` for `area`.
    ///
    /// The area's own values (summed over category and attribute option combinations and over
    /// `periods`) when it has any for those periods; otherwise the sum of its child units'
    /// totals, found the same way (a region from its districts, the country from its regions
    /// or their districts), with the units that have nothing listed in
    /// [`Total::missing_units`], so that a caller can say "3 of 7 districts of Naryn Region
    /// have no value for `ECE_PLACES` in 2018". Values are added in the order they were read.
    #[must_use]
    pub fn total(&self, element: &str, periods: &[String], area: &'static Unit) -> Total {
        let mut total = Total {
            value: None,
            reported_units: 0,
            missing_units: Vec::new(),
        };
        let mut sum = 0.0;
        self.roll_up(element, periods, area, &mut sum, &mut total);
        if total.reported_units > 0 {
            total.value = Some(sum);
        }
        total
    }

    fn roll_up(
        &self,
        element: &str,
        periods: &[String],
        area: &'static Unit,
        sum: &mut f64,
        total: &mut Total,
    ) {
        if let Some(own) = self.own_total(element, periods, area) {
            *sum += own;
            total.reported_units += 1;
            return;
        }
        let mut children = tendik_geo::children(&area.code).peekable();
        if children.peek().is_none() {
            total.missing_units.push(area);
        }
        for child in children {
            self.roll_up(element, periods, child, sum, total);
        }
    }

    /// The sum of the area's own values of `element` in `periods`; `None` without any.
    fn own_total(&self, element: &str, periods: &[String], area: &Unit) -> Option<f64> {
        let positions = self.index.get(&(element.to_owned(), area.code.clone()))?;
        let mut found = None;
        for &position in positions {
            let value = &self.values[position];
            if periods.contains(&value.period) {
                *found.get_or_insert(0.0) += value.value;
            }
        }
        found
    }

    /// The data elements and periods that have values outside `periods`, with how many
    /// values each has, sorted by element and period: for a warning that these values are
    /// left out.
    #[must_use]
    pub fn periods_outside(&self, periods: &[String]) -> Vec<OutsidePeriod<'_>> {
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for value in &self.values {
            if !periods.contains(&value.period) {
                *counts
                    .entry((value.element.as_str(), value.period.as_str()))
                    .or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|((element, period), count)| OutsidePeriod {
                element,
                period,
                count,
            })
            .collect()
    }
}
