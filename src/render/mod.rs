//! Renderers: one module per format. They turn outcomes into text; nothing here reads files.

pub mod cadre;
pub mod diagnostics;
pub mod divergence;
pub mod docx;
pub mod history;
pub mod html;
pub mod human;
pub mod json;
pub mod ledger;
pub mod ledger_docs;
pub mod markdown;
pub mod markup;
pub mod progress;
pub mod round;
pub mod rules;
pub mod staff;
pub mod svg;
pub mod table;
pub mod word;
pub mod xlsx;
