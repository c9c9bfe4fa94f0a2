//! Numbers as the tool writes them.

/// A number of points rounded to a hundredth, the unit every score is made
/// of; never `-0`.
pub fn hundredths(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_to_a_hundredth_and_never_to_minus_zero() {
        assert_eq!(hundredths(1.005_1), 1.01);
        assert_eq!(hundredths(-0.001), 0.0);
        assert!(hundredths(-0.001).is_sign_positive());
    }
}
