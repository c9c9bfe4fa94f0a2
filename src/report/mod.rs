//! Rendering results, one module per output format. Reporters return text;
//! they never compute a score and never touch stdout (the binary does).
//! Each command's format list, with the one `match` that picks a
//! renderer, is in the command's own file.

pub mod calibrate;
pub mod check;
pub mod compare;
pub mod cost;
pub mod detect;
pub mod diff;
pub mod explain;
pub mod html;
pub mod hybrid;
pub mod lint;
pub mod markdown;
pub mod markup;
pub mod outline;
pub mod schema;
pub mod serial;
pub mod table;
pub mod verify;
pub mod view;
pub mod wire;
