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

/// How many files a batch read, told apart: single profiles, and hybrid
/// systems with their workloads. A workload is not a file, so "49
/// profiles" for 39 files is never said (issue 19, item 10; issue 20).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Files {
    pub profiles: usize,
    pub systems: usize,
    pub workloads: usize,
}

impl Files {
    pub(crate) fn files(&self) -> usize {
        self.profiles + self.systems
    }

    /// `2 profiles`, or with hybrid systems `39 files (35 profiles and 4
    /// hybrid systems with 14 workloads)`.
    pub(crate) fn phrase(&self) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let profiles = n(self.profiles, "profile", "profiles");
        if self.systems == 0 {
            return profiles;
        }
        let systems = format!(
            "{} with {}",
            n(self.systems, "hybrid system", "hybrid systems"),
            n(self.workloads, "workload", "workloads")
        );
        let parts = match self.profiles {
            0 => systems,
            _ => format!("{profiles} and {systems}"),
        };
        format!("{} ({parts})", n(self.files(), "file", "files"))
    }
}

#[cfg(test)]
mod tests {
    use super::Files;

    #[test]
    fn files_are_counted_apart_from_their_workloads() {
        let f = |profiles, systems, workloads| {
            Files {
                profiles,
                systems,
                workloads,
            }
            .phrase()
        };
        assert_eq!(f(1, 0, 0), "1 profile");
        assert_eq!(f(2, 0, 0), "2 profiles");
        assert_eq!(
            f(35, 4, 14),
            "39 files (35 profiles and 4 hybrid systems with 14 workloads)"
        );
        assert_eq!(f(0, 1, 3), "1 file (1 hybrid system with 3 workloads)");
    }
}
