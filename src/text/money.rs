//! Amounts as people read them: thousands grouped, money to the cent.
//! Every view that shows dollars (text, Markdown, HTML, rule messages)
//! writes them here; JSON and CSV keep plain numbers for scripts.

/// A whole number with thousands separators: `300,000,000`.
pub(crate) fn grouped(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if x < 0.0 && digits != "0" {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity to at most `places` decimals, without trailing zeros, its
/// whole part grouped: `2,628,000`, `1,817.75`, `0.033`.
pub(crate) fn number(x: f64, places: i32) -> String {
    let scale = 10f64.powi(places);
    let r = (x.abs() * scale).round() / scale;
    let whole = r.trunc();
    let frac = format!("{:.*}", places as usize, r - whole);
    let frac = frac.trim_start_matches('0').trim_end_matches('0');
    let sign = if x < 0.0 && r > 0.0 { "-" } else { "" };
    match frac {
        "." | "" => format!("{sign}{}", grouped(whole)),
        f => format!("{sign}{}{f}", grouped(whole)),
    }
}

/// Dollars to the cent, grouped: `$32,392,681.17`.
pub(crate) fn dollars(x: f64) -> String {
    let cents = (x.abs() * 100.0).round();
    let sign = if x < 0.0 && cents > 0.0 { "-" } else { "" };
    format!(
        "{sign}${}.{:02}",
        grouped((cents / 100.0).trunc()),
        (cents % 100.0) as u64
    )
}

/// Dollars rounded to the dollar, grouped: `$2,876`.
pub(crate) fn whole_dollars(x: f64) -> String {
    format!("${}", grouped(x.abs().round()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_written_with_thousands_grouped() {
        assert_eq!(dollars(32_392_681.17), "$32,392,681.17");
        assert_eq!(dollars(2.675), "$2.68");
        assert_eq!(dollars(0.0), "$0.00");
        assert_eq!(dollars(999.999), "$1,000.00");
        assert_eq!(dollars(-1234.5), "-$1,234.50");
        assert_eq!(grouped(300_000_000.0), "300,000,000");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(whole_dollars(2876.4), "$2,876");
        assert_eq!(number(2_628_000.0, 2), "2,628,000");
        assert_eq!(number(1817.746, 2), "1,817.75");
        assert_eq!(number(0.0333, 3), "0.033");
        assert_eq!(number(730.0, 2), "730");
    }
}
