//! The ids of the tables a catalog and a profile are made of: a field of
//! the profile, a strategy and a rule of the catalog. Each is a small
//! `Copy` index into its own table, so one can never be passed for another;
//! a leaf of the domain, so every file can name them without a circle.

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

index_type!(
    /// Index of a field in [`crate::domain::fields::FIELDS`].
    FieldId
);

index_type!(
    /// Index of a strategy in `Catalog::strategies`; catalog order breaks ties.
    StrategyId
);

index_type!(
    /// Index of a rule in `Catalog::rules`.
    RuleId
);
