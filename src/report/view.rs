//! What every view shares: the options a renderer honours, what packs did
//! to the catalog, and signed numbers as people read them.

use crate::domain::catalog::Catalog;

/// Options every assessment renderer honours.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Show the per-criterion breakdown of every score.
    pub explain: bool,
    /// Columns the terminal views fit in (see [`MIN_WIDTH`]).
    pub width: usize,
}

/// The width when no terminal says otherwise (not a terminal, no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 80;
/// The narrowest the terminal views are laid out for; narrower terminals
/// get this width, and wrap it themselves.
pub const MIN_WIDTH: usize = 40;

impl Default for View {
    fn default() -> View {
        View {
            explain: false,
            width: DEFAULT_WIDTH,
        }
    }
}

/// What organisation packs did to the catalog, one sentence per pack, as
/// every report states it (docs/packs.md): empty without `--extend`.
pub(crate) fn packs_summary(catalog: &Catalog) -> Vec<String> {
    catalog
        .packs
        .iter()
        .map(|p| {
            // The new rules speak for themselves where they fire; what a
            // pack changed of the catalog is named, with its reason.
            let n = p.added.len();
            let mut parts = vec![format!("adds {n} rule{}", if n == 1 { "" } else { "s" })];
            parts.extend(
                p.overridden
                    .iter()
                    .map(|c| format!("overrides {} ({})", c.rule, c.reason)),
            );
            parts.extend(
                p.disabled
                    .iter()
                    .map(|c| format!("disables {} ({})", c.rule, c.reason)),
            );
            format!(
                "pack {} {}",
                crate::text::escape::visible(&p.dir),
                crate::text::escape::visible(&parts.join("; "))
            )
        })
        .collect()
}

/// A signed effect as people read it: `+2.5`, `-1.0`.
pub(crate) fn signed(x: f64) -> String {
    let x = crate::text::number::hundredths(x);
    if x >= 0.0 {
        format!("+{x:.2}")
    } else {
        format!("{x:.2}")
    }
}
