//! The domain's data: the profile's fields and the profile itself, the
//! catalog of strategies and rules with their conditions and model checks,
//! the price sheets, and a repository's `.advise/config.yaml`. Reading and
//! validating them; no scoring.

pub mod catalog;
pub mod condition;
pub mod config;
pub mod fields;

pub mod prices;
pub mod profile;

/// Defines a small, `Copy` index into one table (fields, strategies,
/// rules), so that an index into one can never be passed for another.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u16);

        impl $name {
            /// The id of the entry at position `index` of its table.
            pub const fn new(index: usize) -> Self {
                assert!(index <= u16::MAX as usize, "table too large");
                Self(index as u16)
            }

            /// The entry's position in its table.
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}
pub(crate) use index_type;
