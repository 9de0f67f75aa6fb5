//! Confidence intervals: normal quantiles, Student t quantiles and the logit interval.

use statrs::distribution::{Continuous, ContinuousCDF, StudentsT};

/// Refine a quantile by Newton steps on the CDF, so that it is exact to rounding.
fn refine(mut x: f64, p: f64, cdf: impl Fn(f64) -> f64, pdf: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..4 {
        let density = pdf(x);
        if !(density.is_finite() && density > 0.0) {
            break;
        }
        let step = (cdf(x) - p) / density;
        if !step.is_finite() {
            break;
        }
        x -= step;
        if step.abs() <= 1e-15 * x.abs().max(1.0) {
            break;
        }
    }
    x
}

/// Evaluate a polynomial with coefficients from the highest power down (Horner).
fn polynomial(x: f64, coefficients: &[f64]) -> f64 {
    coefficients.iter().fold(0.0, |acc, c| acc * x + c)
}

/// The standard normal quantile (R's `qnorm(p)`), by Wichura's algorithm AS 241
/// (Applied Statistics 37, 1988), accurate to about 1e-16 — the algorithm R uses.
#[must_use]
#[expect(
    clippy::excessive_precision,
    reason = "the coefficients are kept exactly as Wichura published them"
)]
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * polynomial(
            r,
            &[
                2_509.080_928_730_122_7,
                33_430.575_583_588_128,
                67_265.770_927_008_7,
                45_921.953_931_549_871,
                13_731.693_765_509_461,
                1_971.590_950_306_551_4,
                133.141_667_891_784_38,
                3.387_132_872_796_366_6,
            ],
        ) / polynomial(
            r,
            &[
                5_226.495_278_852_546,
                28_729.085_735_721_943,
                39_307.895_800_092_71,
                21_213.794_301_586_596,
                5_394.196_021_424_751,
                687.187_007_492_057_9,
                42.313_330_701_600_91,
                1.0,
            ],
        );
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail <= 0.0 {
        return if q < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let r = (-tail.ln()).sqrt();
    let value = if r <= 5.0 {
        let r = r - 1.6;
        polynomial(
            r,
            &[
                7.745_450_142_783_414e-4,
                0.022_723_844_989_269_184,
                0.241_780_725_177_450_6,
                1.270_458_252_452_368_4,
                3.647_848_324_763_204_5,
                5.769_497_221_460_691,
                4.630_337_846_156_545,
                1.423_437_110_749_683_5,
            ],
        ) / polynomial(
            r,
            &[
                1.050_750_071_644_416_8e-9,
                5.475_938_084_995_345e-4,
                0.015_198_666_563_616_457,
                0.148_103_976_427_480_07,
                0.689_767_334_985_1,
                1.676_384_830_183_803_8,
                2.053_191_626_637_758_8,
                1.0,
            ],
        )
    } else {
        let r = r - 5.0;
        polynomial(
            r,
            &[
                2.010_334_399_292_288e-7,
                2.711_555_568_743_487_6e-5,
                0.001_242_660_947_388_078_4,
                0.026_532_189_526_576_124,
                0.296_560_571_828_504_9,
                1.784_826_539_917_291_3,
                5.463_784_911_164_114,
                6.657_904_643_501_103_8,
            ],
        ) / polynomial(
            r,
            &[
                2.044_263_103_389_939_8e-15,
                1.421_511_758_316_446e-7,
                1.846_318_317_510_054_8e-5,
                7.868_691_311_456_133e-4,
                0.014_875_361_290_850_615,
                0.136_929_880_922_735_8,
                0.599_832_206_555_887_9,
                1.0,
            ],
        )
    };
    if q < 0.0 { -value } else { value }
}

/// The Student t quantile with `df` degrees of freedom (R's `qt(p, df)`).
#[must_use]
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df.is_infinite() {
        return normal_quantile(p);
    }
    let Ok(t) = StudentsT::new(0.0, 1.0, df) else {
        return f64::NAN;
    };
    refine(t.inverse_cdf(p), p, |x| t.cdf(x), |x| t.pdf(x))
}

/// The normal interval `estimate ± z · se`, as R's `confint()` on a survey statistic.
#[must_use]
pub fn normal_interval(estimate: f64, se: f64, level: f64) -> (f64, f64) {
    let z = normal_quantile(1.0 - (1.0 - level) / 2.0);
    (estimate - z * se, estimate + z * se)
}

/// The logit interval for a proportion, as R's `svyciprop(method = "logit")`:
/// `expit(logit(p) ± t(df) · se / (p (1 - p)))`.
#[must_use]
pub fn logit_interval(proportion: f64, se: f64, df: f64, level: f64) -> (f64, f64) {
    logit_interval_of_se(
        proportion,
        se / (proportion * (1.0 - proportion)),
        df,
        level,
    )
}

/// The logit interval from the standard error of the logit itself:
/// `expit(logit(p) ± t(df) · se_logit)` (R's `svyciprop` on replicate weights).
#[must_use]
pub fn logit_interval_of_se(proportion: f64, logit_se: f64, df: f64, level: f64) -> (f64, f64) {
    let logit = (proportion / (1.0 - proportion)).ln();
    let t = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    let expit = |x: f64| x.exp() / (1.0 + x.exp());
    (expit(logit - t * logit_se), expit(logit + t * logit_se))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from R 4.x: qnorm(0.975), qt(0.975, 5), qt(0.995, 1).
    #[test]
    fn quantiles_match_r() {
        let close = |a: f64, b: f64| ((a - b) / b).abs() < 1e-13;
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_053_6));
        assert!(close(t_quantile(0.975, 5.0), 2.570_581_835_636_313_7));
        assert!(close(t_quantile(0.995, 1.0), 63.656_741_162_871_526));
    }
}
