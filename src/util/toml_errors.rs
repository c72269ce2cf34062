//! TOML parser messages for users: places as line and column, the commonest messages in Chinese.

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Puts the commonest TOML/serde messages into Chinese; others pass through.
pub fn translate_toml(msg: &str) -> String {
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少字段 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return format!("无法识别的字段 {name}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("类型不对：{rest}");
    }
    if msg.starts_with("unknown variant") {
        return format!("取值不在允许范围内：{msg}");
    }
    format!("格式错误：{msg}")
}
