//! Leaf helpers used by every layer: text decoding and width folding, numbers, dates, names,
//! TOML messages, atomic writes.

pub mod date;
pub mod fs;
pub mod number;
pub mod suggest;
pub mod text;
pub mod toml_errors;
