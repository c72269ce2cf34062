//! The extent of each sheet of an .xls workbook, read from its BIFF records before calamine
//! parses it: calamine 0.38 allocates a dense grid over every sheet's cells (and reserves what
//! a DIMENSIONS record claims) when the workbook is opened, so a damaged file that places one
//! cell at column 65,000 asks for tens of gigabytes and aborts the process (found by the fuzzer:
//! `fuzz/regressions/table_units-calamine-xls-extent.bin`).
//!
//! The walk follows calamine's own: the globals substream up to its EOF for the sheets'
//! positions (BOUNDSHEET), then each sheet from its position to the EOF of its substream,
//! nested substreams (charts) skipped, CONTINUE records joined to the record before them.

/// The largest grid read from an .xls sheet: 65,536 rows (the format's limit) × 64 columns,
/// which calamine holds in 134 MB. Office tables are far smaller; a grid of 2,305 × 4,353 cells
/// from a damaged 9.7 KB file took the fuzzer 40 s (`table_units-calamine-xls-huge-grid.bin`).
pub const MAX_CELLS: u64 = 65_536 * 64;

/// Columns an .xls sheet can have (BIFF5 and BIFF8): a cell beyond them marks a damaged file.
const MAX_COLS: u32 = 256;

/// The largest grid calamine would allocate for any sheet of the workbook stream `stream`,
/// in cells: the larger of a sheet's cell extent and what its DIMENSIONS record claims.
pub fn largest_grid(stream: &[u8]) -> u64 {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 if data.len() >= 4 => sheets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize),
            0x000A => break,
            _ => {}
        }
    }
    sheets.into_iter().filter_map(|pos| stream.get(pos..)).map(sheet_grid).max().unwrap_or(0)
}

/// One sheet substream: the grid its cells span and the reservation its DIMENSIONS asks for.
fn sheet_grid(sheet: &[u8]) -> u64 {
    let mut extent = Extent::default();
    let mut reserved = 0u64;
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => reserved = reserved.max(dimensions(data)),
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: one cell at (row, col).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                extent.add(u16_at(data, 0), u16_at(data, 2));
            }
            // MULRK: a row of cells from its first column, one per 6 bytes.
            0x00BD if data.len() >= 6 => {
                let (row, first) = (u16_at(data, 0), u16_at(data, 2));
                extent.add(row, first);
                extent.add(row, first + ((data.len() as u32 - 6) / 6).saturating_sub(1));
            }
            _ => {}
        }
    }
    extent.cells().max(reserved)
}

/// Cells a DIMENSIONS record makes calamine reserve, with calamine's arithmetic (which wraps
/// when the last row is before the first).
fn dimensions(r: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(r, 0), u16_at(r, 2), u16_at(r, 4), u16_at(r, 6)),
        14 | 16 => (
            u32::from_le_bytes([r[0], r[1], r[2], r[3]]),
            u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
            u16_at(r, 8),
            u16_at(r, 10),
        ),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
}

#[derive(Default)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, r: u32, c: u32) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    fn cells(&self) -> u64 {
        match self.0 {
            Some((_, _, _, c1)) if c1 >= MAX_COLS => u64::MAX,
            Some((r0, r1, c0, c1)) => (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64,
            None => 0,
        }
    }
}

fn u16_at(data: &[u8], at: usize) -> u32 {
    u16::from_le_bytes([data[at], data[at + 1]]) as u32
}

/// BIFF records (type, data) as calamine reads them: CONTINUE records are taken with the
/// record before them; a record cut short ends the walk.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if s.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([s[0], s[1]]);
        let len = u16::from_le_bytes([s[2], s[3]]) as usize;
        let (record, rest) = s.split_at_checked(len + 4)?;
        s = rest;
        while s.len() > 4 && u16::from_le_bytes([s[0], s[1]]) == 0x003C {
            let len = u16::from_le_bytes([s[2], s[3]]) as usize;
            s = s.get(len + 4..)?;
        }
        Some((typ, &record[4..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    fn cell(typ: u16, row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 6]);
        record(typ, &d)
    }

    /// A workbook stream: globals naming one sheet, then the sheet's records.
    fn book(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let globals_len = bof.len() + 4 + 8 + eof.len();
        let mut s = bof.clone();
        let mut bs = (globals_len as u32).to_le_bytes().to_vec();
        bs.extend([0, 0, 1, 0]);
        s.extend(record(0x0085, &bs));
        s.extend(&eof);
        assert_eq!(s.len(), globals_len);
        s.extend(&bof);
        sheet.iter().for_each(|r| s.extend(r));
        s.extend(&eof);
        s
    }

    #[test]
    fn a_sheet_spans_the_box_of_its_cells() {
        let s = book(&[cell(0x0203, 0, 0), cell(0x00FD, 9, 3)]);
        assert_eq!(largest_grid(&s), 10 * 4);
    }

    #[test]
    fn one_cell_far_out_makes_a_grid_no_sheet_can_hold() {
        let s = book(&[cell(0x0203, 0, 0), cell(0x027E, 60_000, 65_000)]);
        assert!(largest_grid(&s) > MAX_CELLS);
    }

    #[test]
    fn a_cell_beyond_the_last_column_marks_a_damaged_file() {
        let s = book(&[cell(0x0203, 0, 0), cell(0x0203, 1, 256)]);
        assert!(largest_grid(&s) > MAX_CELLS);
        assert_eq!(largest_grid(&book(&[cell(0x0203, 0, 0), cell(0x0203, 1, 255)])), 2 * 256);
    }

    #[test]
    fn a_dimensions_record_that_runs_backwards_claims_everything() {
        let mut d = 5u32.to_le_bytes().to_vec();
        d.extend(3u32.to_le_bytes());
        d.extend([0, 0, 4, 0, 0, 0]);
        let s = book(&[record(0x0200, &d), cell(0x0203, 0, 0)]);
        assert!(largest_grid(&s) > MAX_CELLS);
    }

    #[test]
    fn cells_of_an_embedded_chart_do_not_count() {
        let chart = [record(0x0809, &[0; 16]), cell(0x0203, 60_000, 65_000), record(0x000A, &[])];
        let mut sheet = vec![cell(0x0203, 1, 1)];
        sheet.extend(chart);
        assert_eq!(largest_grid(&book(&sheet)), 1);
    }

    #[test]
    fn a_cut_stream_ends_the_walk_without_panic() {
        let s = book(&[cell(0x0203, 2, 2)]);
        for cut in 0..s.len() {
            largest_grid(&s[..cut]);
        }
    }
}
