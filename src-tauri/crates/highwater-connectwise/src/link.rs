//! Parsing the RFC 5988 `Link` header ConnectWise sends on lists.

/// The `rel` → URL pairs of a `Link` header, in order.
pub(crate) fn parse(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = header;
    // Split on `<…>` boundaries rather than commas: a URL may contain an (unencoded) comma.
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let url = &rest[start + 1..start + len];
        let after = &rest[start + len + 1..];
        let params_end = after.find('<').unwrap_or(after.len());
        let params = &after[..params_end];
        for param in params.split(';') {
            let param = param.trim().trim_end_matches(',').trim();
            if let Some(value) = param.strip_prefix("rel=") {
                for rel in value.trim_matches('"').split_whitespace() {
                    out.push((rel.to_ascii_lowercase(), url.to_owned()));
                }
            }
        }
        rest = &after[params_end..];
    }
    out
}

/// The `rel="next"` URL, if any.
pub(crate) fn next(header: &str) -> Option<String> {
    parse(header)
        .into_iter()
        .find(|(rel, _)| rel == "next")
        .map(|(_, url)| url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cw_format() {
        let h = "<https://h/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2>; rel=\"next\", \
                 <https://h/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=5>; rel=\"last\"";
        assert_eq!(
            parse(h),
            vec![
                (
                    "next".to_owned(),
                    "https://h/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2"
                        .to_owned()
                ),
                (
                    "last".to_owned(),
                    "https://h/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=5"
                        .to_owned()
                ),
            ]
        );
        assert_eq!(
            next(h).as_deref(),
            Some("https://h/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2")
        );
    }

    #[test]
    fn empty_and_odd_headers() {
        assert!(parse("").is_empty());
        assert_eq!(next("<https://h/x?page=1>; rel=\"first\""), None);
        assert_eq!(
            next("<https://h/x?a=1,2&page=3>;rel=next").as_deref(),
            Some("https://h/x?a=1,2&page=3")
        );
        assert_eq!(next("<broken"), None);
    }
}
