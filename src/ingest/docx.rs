//! TEMPORARY stand-in until the real reader lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxParagraph {
    pub text: String,
    pub heading_level: Option<u8>,
    pub numbering: Option<String>,
    pub in_table: bool,
}
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("不是有效的 .docx 文件")]
    NotZip,
    #[error("压缩包中没有 word/document.xml，不是 Word 文档")]
    MissingDocument,
    #[error("word/document.xml 解压后超过 {limit_mb} MB")]
    TooLarge { limit_mb: u64 },
    #[error("word/document.xml 内容损坏（第 {position} 字节附近）：{detail}")]
    Xml { position: u64, detail: String },
}
pub fn read_paragraphs(_bytes: &[u8]) -> Result<Vec<DocxParagraph>, DocxError> {
    Err(DocxError::NotZip)
}
