//! Text decoding and width folding.
//!
//! Chinese offices still produce GBK files, so the encoding is detected from the bytes, never
//! guessed from the extension.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// How the bytes of a text file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextEncoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-8 BOM")]
    Utf8Bom,
    #[serde(rename = "UTF-16")]
    Utf16,
    #[serde(rename = "GB18030")]
    Gb18030,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8（带 BOM）",
            Self::Utf16 => "UTF-16",
            Self::Gb18030 => "GBK/GB18030",
        }
    }
}

/// Why bytes could not be read as text. `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    Unknown { line: usize },
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => checked(s.to_owned(), TextEncoding::Utf8Bom),
            Err(e) => Err(DecodeError::Unknown { line: line_of(rest, e.valid_up_to()) }),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { UTF_16LE } else { UTF_16BE };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(DecodeError::Unknown { line: 1 });
        }
        return checked(text.into_owned(), TextEncoding::Utf16);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => checked(s.to_owned(), TextEncoding::Utf8),
        Err(utf8_err) => match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => checked(text.into_owned(), TextEncoding::Gb18030),
            None => Err(DecodeError::Unknown { line: line_of(bytes, utf8_err.valid_up_to()) }),
        },
    }
}

/// Rejects decoded text that is mostly control characters: GB18030 accepts almost any byte
/// sequence, so junk would otherwise pass as "text".
fn checked(text: String, enc: TextEncoding) -> Result<(String, TextEncoding), DecodeError> {
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if controls * 100 > text.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok((text, enc))
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A width-folded copy of a text: full-width ASCII forms become ASCII and U+3000 a space, so
/// "２０２３年" matches "2023年". `orig[i]` is the byte offset in the original text of folded
/// byte `i` (plus one final entry for the end).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    orig: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut orig: Vec<u32> = Vec::with_capacity(original.len() + 1);
        // Only U+3000 (E3 80 80) and U+FF01–FF5E (EF BC/BD ..) fold: jump between their lead
        // bytes and copy the runs in between whole. Offsets are only ever asked at char
        // boundaries, where an unchanged run maps to itself.
        let mut done = 0;
        for i in memchr::memchr2_iter(0xE3, 0xEF, original.as_bytes()) {
            let Some(c) = original[i..].chars().next() else { continue };
            let f = fold_char(c);
            if f == c {
                continue;
            }
            text.push_str(&original[done..i]);
            orig.extend(done as u32..i as u32);
            orig.extend(std::iter::repeat_n(i as u32, f.len_utf8()));
            text.push(f);
            done = i + c.len_utf8();
        }
        text.push_str(&original[done..]);
        orig.extend(done as u32..original.len() as u32);
        orig.push(original.len() as u32);
        Self { text, orig }
    }

    /// Maps a folded byte offset back to the original text.
    pub fn original(&self, folded: usize) -> usize {
        self.orig.get(folded).copied().unwrap_or(0) as usize
    }

    /// Maps a folded byte range back to the original text; the end lands after the whole char.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.original(start), self.original(end))
    }
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Decodes a byte stream to UTF-8 on the fly (for large GBK exports), failing on bytes the
/// encoding does not allow.
pub struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    output: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: std::io::Read> DecodingReader<R> {
    pub fn gb18030(inner: R) -> Self {
        Self {
            inner,
            decoder: GB18030.new_decoder_without_bom_handling(),
            input: vec![0; 64 << 10],
            start: 0,
            end: 0,
            output: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }
}

impl<R: std::io::Read> std::io::Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_pos >= self.output.len() {
            if self.eof && self.start == self.end {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.eof = self.end == 0;
            }
            self.output.clear();
            self.output.resize((self.end - self.start) * 3 + 16, 0);
            self.out_pos = 0;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.output.truncate(written);
            if let encoding_rs::DecoderResult::Malformed(..) = result {
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed GB18030"));
            }
        }
        let n = buf.len().min(self.output.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_gbk_and_utf8() {
        let s = "关于对示例县农业农村局党组的巡察情况报告\n";
        let (gbk, _, _) = GB18030.encode(s);
        assert_eq!(decode(&gbk).unwrap(), (s.to_owned(), TextEncoding::Gb18030));
        assert_eq!(decode(s.as_bytes()).unwrap().1, TextEncoding::Utf8);
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (s.to_owned(), TextEncoding::Utf8Bom));
    }

    #[test]
    fn rejects_binary_and_junk() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary));
        // 0xFF is invalid in both UTF-8 and GB18030 (0x80 alone is € in GB18030).
        assert_eq!(decode(b"line one\nbad \xff byte"), Err(DecodeError::Unknown { line: 2 }));
    }

    #[test]
    fn streaming_gbk_decoder() {
        use std::io::Read;
        let s = "编号,反映内容\n1,惠农补贴被截留\n".repeat(5000);
        let (gbk, _, _) = GB18030.encode(&s);
        let mut out = String::new();
        DecodingReader::gb18030(std::io::Cursor::new(gbk.into_owned())).read_to_string(&mut out).unwrap();
        assert_eq!(out, s);
        let mut bad = String::new();
        assert!(
            DecodingReader::gb18030(std::io::Cursor::new(b"ok\xff\x30".to_vec())).read_to_string(&mut bad).is_err()
        );
    }

    #[test]
    fn folding_maps_back() {
        let f = Folded::new("共２３万元　ＡＢ");
        assert_eq!(f.text, "共23万元 AB");
        let start = f.text.find("23").unwrap();
        let (s, e) = f.original_range(start, start + 2);
        assert_eq!(&"共２３万元　ＡＢ"[s..e], "２３");
    }

    #[test]
    fn folding_agrees_with_char_by_char_at_every_boundary() {
        // The obvious definition, one char at a time.
        fn reference(original: &str) -> (String, Vec<(usize, usize)>) {
            let (mut text, mut map) = (String::new(), Vec::new());
            for (pos, c) in original.char_indices() {
                map.push((text.len(), pos));
                text.push(fold_char(c));
            }
            map.push((text.len(), original.len()));
            (text, map)
        }
        for s in [
            "",
            "ａ",
            "　",
            "共２３万元　ＡＢ，（一）２０２３年：违规发放补贴３.４万元；",
            "plain ascii 123",
            "ｅｎｄｓ　",
            "\u{3000}\u{3000}x\u{FF5E}\u{FF5F}\u{E000}\u{EFFF}中文",
            "Ｚ\u{FF01}\u{FF00}〇〔〕【】",
        ] {
            let f = Folded::new(s);
            let (text, map) = reference(s);
            assert_eq!(f.text, text, "{s:?}");
            for (folded, original) in map {
                assert_eq!(f.original(folded), original, "{s:?} at {folded}");
            }
        }
    }
}

/// Suffixes that name a unit's party organisation or government rather than the unit:
/// 县交通运输局党组 and 县交通运输局 are one unit, as are 青山镇党委 and 青山镇人民政府.
const UNIT_SUFFIXES: [&str; 7] = ["党组", "党委", "党总支", "党支部", "人民政府", "政府", "机关"];

/// A unit's name without its organisation suffix, width-folded and trimmed.
pub fn unit_core(name: &str) -> String {
    let mut s: String = name.chars().map(fold_char).filter(|c| !c.is_whitespace()).collect();
    while let Some(stripped) = UNIT_SUFFIXES.iter().find_map(|x| s.strip_suffix(x).filter(|r| !r.is_empty())) {
        s = stripped.to_owned();
    }
    s
}

/// Whether two names denote the same unit (see [`unit_core`]).
pub fn same_unit(a: &str, b: &str) -> bool {
    let (a, b) = (unit_core(a), unit_core(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod unit_tests {
    use super::same_unit;

    #[test]
    fn a_unit_and_its_party_organisation_are_one_unit() {
        assert!(same_unit("县交通运输局", "县交通运输局党组"));
        assert!(same_unit("青山镇党委", "青山镇人民政府"));
        assert!(same_unit(" 县财政局 ", "县财政局"));
        assert!(!same_unit("县财政局", "县审计局"));
        assert!(!same_unit("党组", "党委"));
    }
}
