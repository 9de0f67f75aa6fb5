//! Bottleneck analysis on a coverage chain (UNICEF's determinants framework, after
//! Tanahashi's coverage model): the coverage of each determinant step of one tracer
//! intervention in one area, the drop from each step to the next, and the bottleneck —
//! the step where the largest share of the target population is lost.
//!
//! Pure arithmetic on figures already estimated: the survey steps' SEs and the SE of a drop
//! between two survey steps come from the engine (a contrast of two estimates of one
//! request); administrative and enabling-environment figures carry no sampling error.

/// One step's coverage (a proportion from 0 to 1), `None` where there is no figure (a
/// suppressed survey estimate, a missing administrative value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// The coverage of the target population at this step.
    pub coverage: Option<f64>,
}

/// The drops of a chain and its bottleneck.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// Per step: the previous step's coverage minus this one's (for the first step, 1
    /// minus its coverage); `None` when either coverage is missing.
    pub drops: Vec<Option<f64>>,
    /// The step with the largest drop (ties go to the earlier step); `None` when no drop is
    /// known.
    pub bottleneck: Option<usize>,
}

/// The drops and the bottleneck of a chain of steps, in chain order.
#[must_use]
pub fn chain(links: &[Link]) -> Chain {
    let drops: Vec<Option<f64>> = links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            let previous = if i == 0 {
                Some(1.0)
            } else {
                links[i - 1].coverage
            };
            Some(previous? - link.coverage?)
        })
        .collect();
    let mut bottleneck: Option<usize> = None;
    for (i, drop) in drops.iter().enumerate() {
        let Some(drop) = drop else { continue };
        // Strictly larger: the earlier step keeps a tie.
        if bottleneck.is_none_or(|b| *drop > drops[b].unwrap_or(f64::NEG_INFINITY)) {
            bottleneck = Some(i);
        }
    }
    Chain { drops, bottleneck }
}

/// The SE of the drop `a − b` between two figures with SEs `se_a`, `se_b` and covariance
/// `covariance` (zero when either is administrative: a figure without sampling error).
#[must_use]
pub fn drop_se(se_a: f64, se_b: f64, covariance: f64) -> f64 {
    (se_a * se_a + se_b * se_b - 2.0 * covariance)
        .max(0.0)
        .sqrt()
}

/// Positions of `worst` (each area's largest bottleneck drop) from the largest to the
/// smallest, areas without a bottleneck last, ties in their given order.
#[must_use]
pub fn rank(worst: &[Option<f64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..worst.len()).collect();
    order.sort_by(|&a, &b| match (worst[a], worst[b]) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(coverages: &[Option<f64>]) -> Vec<Link> {
        coverages
            .iter()
            .map(|&coverage| Link { coverage })
            .collect()
    }

    #[test]
    fn the_largest_drop_is_the_bottleneck() {
        let c = chain(&links(&[Some(0.9), Some(0.85), Some(0.5), Some(0.45)]));
        let drops: Vec<f64> = c.drops.iter().map(|d| d.unwrap()).collect();
        for (got, want) in drops.iter().zip([0.1, 0.05, 0.35, 0.05]) {
            assert!((got - want).abs() < 1e-12);
        }
        assert_eq!(c.bottleneck, Some(2));
    }

    #[test]
    fn the_first_step_drops_from_everyone() {
        let c = chain(&links(&[Some(0.3), Some(0.25)]));
        assert_eq!(c.bottleneck, Some(0));
        assert!((c.drops[0].unwrap() - 0.7).abs() < 1e-12);
    }

    #[test]
    fn ties_go_to_the_earlier_step() {
        // Drops 0.5, 0.5, -0.5, 0.5: exact ties (halves are exact in binary).
        let c = chain(&links(&[Some(0.5), Some(0.0), Some(0.5), Some(0.0)]));
        assert_eq!(c.bottleneck, Some(0));
    }

    #[test]
    fn a_missing_coverage_leaves_two_drops_unknown() {
        let c = chain(&links(&[Some(0.9), None, Some(0.5)]));
        assert_eq!(c.drops[1], None);
        assert_eq!(c.drops[2], None);
        assert_eq!(c.bottleneck, Some(0));
        let none = chain(&links(&[None, None]));
        assert_eq!(none.bottleneck, None);
    }

    #[test]
    fn a_rise_is_a_negative_drop_and_never_the_bottleneck_over_a_loss() {
        let c = chain(&links(&[Some(0.99), Some(1.0), Some(0.7)]));
        assert!(c.drops[1].unwrap() < 0.0);
        assert_eq!(c.bottleneck, Some(2));
    }

    #[test]
    fn drop_se_uses_the_covariance() {
        assert!((drop_se(0.03, 0.04, 0.0) - 0.05).abs() < 1e-15);
        assert!((drop_se(0.03, 0.03, 0.0009)).abs() < 1e-15);
    }

    #[test]
    fn areas_rank_by_their_worst_bottleneck() {
        assert_eq!(
            rank(&[Some(0.1), None, Some(0.4), Some(0.1)]),
            vec![2, 0, 3, 1]
        );
    }
}
