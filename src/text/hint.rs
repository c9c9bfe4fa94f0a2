//! "Did you mean": the one way every command suggests the word a user
//! most likely meant.

/// Words longer than this get no suggestion: comparing them costs their
/// length times each candidate's, and no name is this long.
const MAX_WORD: usize = 64;

/// The closest candidate to a misspelt word, if one is close enough to be
/// what was meant (a short edit distance, relative to the word's length).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    if length > MAX_WORD {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)` after a message about `word`, or nothing.
pub(crate) fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = prev + usize::from(ca != cb);
            prev = row[j + 1];
            row[j + 1] = substitution.min(prev + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_words_are_suggested() {
        let keys = ["services", "hosting", "platform"];
        assert_eq!(did_you_mean("servics", keys), Some("services"));
        assert_eq!(did_you_mean("hostng", keys), Some("hosting"));
        assert_eq!(did_you_mean("zebra", keys), None);
        assert_eq!(suggestion("hostng", keys), " (did you mean `hosting`?)");
        assert_eq!(suggestion("zebra", keys), "");
    }

    #[test]
    fn a_huge_word_is_not_compared() {
        let word = "s".repeat(4_000_000);
        let started = std::time::Instant::now();
        assert_eq!(did_you_mean(&word, ["services"]), None);
        assert!(started.elapsed().as_secs() < 2);
    }
}
